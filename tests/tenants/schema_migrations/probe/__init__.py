"""A district app that exists only for these tests, so that a migration can be "added to the
code" between two runs of migrate_schemas: ``migrations_v1`` creates its table, ``migrations_v2``
also adds a column, ``migrations_v3`` also builds an index concurrently (a migration that must
run outside a transaction). ``settings`` installs it and picks the version from
SROK_PROBE_MIGRATIONS."""

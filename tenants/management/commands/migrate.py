"""``migrate`` is ``migrate_schemas`` in a django-tenants project (as the library has it), here
the fast one."""

from .migrate_schemas import Command  # noqa: F401

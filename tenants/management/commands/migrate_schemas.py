"""``migrate_schemas``, as everyone knows it, made fast for thousands of districts.

Without an app or migration name (or --fake, --plan, --prune, --run-syncdb), this skips every
schema that is current and migrates the others in parallel (tenants/schema_migrations.py says
how); with them, it is django-tenants' own command, unchanged.
"""

import sys

from django.core.management.base import CommandError
from django.db import connection
from django_tenants.management.commands import SyncCommon
from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand
from django_tenants.utils import get_public_schema_name, schema_exists

from tenants import schema_migrations
from tenants.models import District

# Options the fast path does not implement: with any of them the library's command runs.
_STOCK_OPTIONS = (
    "app_label",
    "migration_name",
    "fake",
    "fake_initial",
    "plan",
    "prune",
    "run_syncdb",
    "executor",
)
# Names of schemas behind that --check prints before summing up the rest.
_SHOWN = 20


class Command(MigrateSchemasCommand):
    help = (
        "Apply migrations to the public schema and every district's schema. Schemas already "
        "current are skipped after one look at the catalogue; the others are migrated in "
        "parallel (--workers), each in one transaction, so an interrupted run is finished by "
        "running it again. --check exits non-zero if any schema lacks a migration."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--workers",
            type=int,
            default=schema_migrations.default_workers(),
            help="schemas migrated at once, each by its own process (default: %(default)s)",
        )

    def handle(self, *args, **options):
        if (
            any(options.get(name) for name in _STOCK_OPTIONS)
            or schema_migrations.fast_path_problem()
        ):
            return super().handle(*args, **options)
        SyncCommon.handle(self, *args, **options)
        public = get_public_schema_name()
        if options["check_unapplied"]:
            schemas = [public] if self.sync_public else []
            schemas += self._tenant_schemas(public) if self.sync_tenant else []
            return self._check(schemas)
        # Public first and on its own: it holds the list of districts, and district tables may
        # refer to its tables.
        if self.sync_public:
            self._migrate([public], options["workers"], int(options["verbosity"]))
        if self.sync_tenant:
            schemas = self._tenant_schemas(public)
            if schemas:
                self._migrate(schemas, options["workers"], int(options["verbosity"]))

    def _tenant_schemas(self, public):
        if self.schema_name and self.schema_name != public:
            if not schema_exists(self.schema_name, self.options.get("database")):
                raise CommandError(f'Schema "{self.schema_name}" does not exist')
            return [self.schema_name]
        with connection.cursor() as cursor:
            if District._meta.db_table not in connection.introspection.table_names(cursor):
                return []  # a database whose public schema was never migrated has no districts
        return list(
            District.objects.exclude(schema_name=public)
            .order_by("schema_name")
            .values_list("schema_name", flat=True)
        )

    def _check(self, schemas):
        lacking = schema_migrations.behind(schemas)
        if not lacking:
            self.stdout.write(f"All {len(schemas)} schemas have every migration.")
            return
        for schema, missing in list(lacking.items())[:_SHOWN]:
            self.stdout.write(f"{schema} lacks {len(missing)}: {', '.join(missing)}")
        if len(lacking) > _SHOWN:
            self.stdout.write(f"... and {len(lacking) - _SHOWN} more schemas.")
        self.stdout.write(f"{len(lacking)} of {len(schemas)} schemas lack migrations.")
        # Django's own `migrate --check` exits with 1 too.
        sys.exit(1)

    def _migrate(self, schemas, workers, verbosity):
        def on_start(outcome):
            if verbosity >= 1:
                count = len(outcome.behind)
                self.stdout.write(
                    f"{outcome.schemas - count} of {outcome.schemas} schemas current; migrating "
                    f"{count}" + (f" with {min(workers, count)} workers." if count else ".")
                )

        done = []

        def on_schema(schema, applied, error):
            done.append(schema)
            if error:
                self.stderr.write(f"[{len(done)}] {schema}: failed: {error}")
            elif verbosity >= 1:
                self.stdout.write(f"[{len(done)}] {schema}: Applying {', '.join(applied) or '-'}")

        outcome = schema_migrations.migrate(
            schemas, workers=workers, on_start=on_start, on_schema=on_schema
        )
        if outcome.failed:
            raise CommandError(
                f"{len(outcome.failed)} schemas failed to migrate: {', '.join(outcome.failed)}. "
                "Each is left as it was; run the command again once the cause is fixed."
            )
        if outcome.interrupted:
            raise CommandError(
                f"Interrupted: {len(outcome.migrated)} schemas migrated, {len(outcome.left)} left "
                "as they were. Run the command again to migrate the rest."
            )

"""Migrating thousands of district schemas: what ``manage.py migrate_schemas`` runs.

Stock django-tenants visits every schema in turn and runs Django's whole ``migrate`` command in
each, even when there is nothing to apply: system checks, a fresh migration graph, several
listings of every table in the database (to learn whether ``django_migrations`` exists), and
``post_migrate``, whose content types and permissions cost about 0.24 s per schema. Measured
with 204 districts: 0.51 s per schema, so a no-op deploy over 2,000 districts would take well
over an hour. Here:

- **One look at the catalogue** tells which schemas lack which migrations (``behind``): one
  statement finds the schemas that have a ``django_migrations`` table, one more compares every
  such table with the migrations the code has. Schemas that are current are not visited at
  all, and ``--check`` answers from that alone.
- **Schemas behind are migrated in parallel**, by a bounded number of worker processes, each
  schema **in one transaction** (its migrations, their records, its content types and
  permissions) under an advisory lock on its name. An interrupted run leaves every schema
  either migrated or untouched, and running the command again migrates exactly the rest.
- **Content types and permissions are worked out once**, from the models, and each schema
  migrated gets them with two set-based INSERTs, in place of ``post_migrate``'s handlers
  (Django's ``create_contenttypes`` and ``create_permissions``, which are the only ones this
  project has). Like them, it adds what is missing and removes nothing.
- Table listings read only the current schema (tenants/database/base.py).

Anything this does not cover (an app or migration name, ``--fake``, ``--plan``, ``--prune``,
apps without migrations, squashed migrations, a migration that must run outside a transaction)
is left to django-tenants' own executor, with the same arguments.
"""

import logging
import os
import signal
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context

from django.apps import apps
from django.contrib.auth.management import _get_all_permissions
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from psycopg2 import sql

logger = logging.getLogger(__name__)

# Schemas compared per statement: one UNION ALL branch each. PostgreSQL plans a few hundred
# branches in milliseconds; thousands in one statement cost more to plan than to run.
COMPARE_BATCH = 500


def default_workers():
    return max(1, min(4, os.cpu_count() or 1))


@dataclass
class Outcome:
    """What a run found and did. ``behind`` maps each schema that lacked migrations when the
    run looked to the names it lacked; ``migrated`` lists those done, in the order they were."""

    schemas: int
    behind: dict
    migrated: list = field(default_factory=list)
    failed: dict = field(default_factory=dict)
    interrupted: bool = False

    @property
    def left(self):
        return [schema for schema in self.behind if schema not in self.migrated]


# --- what the code has, and what each schema lacks ----------------------------------------------


def code_migrations(loader=None):
    """Every migration the code has, as "app.name" strings (what django_migrations records)."""
    loader = loader or MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.graph.nodes)


def behind(schema_names, required=None, *, using=DEFAULT_DB_ALIAS):
    """{schema: sorted names of the migrations it lacks} for each of ``schema_names`` that lacks
    any. A schema without a django_migrations table lacks them all; one that does not exist is
    reported the same way (migrating it then fails with PostgreSQL's own message)."""
    required = sorted(required if required is not None else code_migrations())
    schema_names = list(dict.fromkeys(schema_names))
    connection = connections[using]
    with connection.cursor() as cursor:
        # pg_class's index on relname answers this without reading the rest of the catalogue.
        cursor.execute(
            "SELECT n.nspname FROM pg_catalog.pg_class c"
            " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relname = 'django_migrations' AND c.relkind IN ('r', 'p')"
            " AND n.nspname = ANY(%s)",
            [schema_names],
        )
        recorded = {name for (name,) in cursor.fetchall()}
        result = {name: required for name in schema_names if name not in recorded}
        with_table = [name for name in schema_names if name in recorded]
        for start in range(0, len(with_table), COMPARE_BATCH):
            batch = with_table[start : start + COMPARE_BATCH]
            branches = sql.SQL(" UNION ALL ").join(
                sql.SQL(
                    "SELECT {name}, ARRAY(SELECT migration FROM required EXCEPT"
                    " SELECT app || '.' || name FROM {table})"
                ).format(
                    name=sql.Literal(schema), table=sql.Identifier(schema, "django_migrations")
                )
                for schema in batch
            )
            query = sql.SQL(
                "WITH required(migration) AS MATERIALIZED (SELECT unnest(%s::text[])) {}"
            ).format(branches)
            cursor.execute(query, [required])
            for schema, missing in cursor.fetchall():
                if missing:
                    result[schema] = sorted(missing)
    return {name: result[name] for name in schema_names if name in result}


# --- migrating -----------------------------------------------------------------------------------


def fast_path_problem(loader=None):
    """Why this module cannot migrate the code's migrations itself, or None when it can."""
    loader = loader or MigrationLoader(None, ignore_no_migrations=True)
    if loader.replacements:
        return "squashed migrations"
    synced = [
        config.label
        for config in apps.get_app_configs()
        if config.label in loader.unmigrated_apps and list(config.get_models())
    ]
    if synced:
        return f"apps without migrations ({', '.join(sorted(synced))})"
    return None


def migrate(schema_names, *, workers=1, on_start=None, on_schema=None, using=DEFAULT_DB_ALIAS):
    """Bring each of ``schema_names`` up to the code's migrations; return an ``Outcome``.

    Schemas already current are not touched. The others are migrated ``workers`` at a time,
    each in its own process and transaction. ``on_start(outcome)`` is called once it is known
    which schemas are behind, ``on_schema(schema, applied, error)`` as each one finishes, both
    in this process. Ctrl-C stops handing out schemas, lets the ones in progress finish (in a
    single process: rolls it back) and returns with ``interrupted`` set; so does SIGTERM or
    SIGHUP to this process alone (to the whole group, it also ends the workers, whose schemas
    roll back)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    problem = fast_path_problem(loader)
    if problem:
        raise ValueError(f"the fast path cannot migrate {problem}")
    schema_names = list(dict.fromkeys(schema_names))
    lacking = behind(schema_names, code_migrations(loader), using=using)
    outcome = Outcome(schemas=len(schema_names), behind=lacking)
    if on_start:
        on_start(outcome)
    if not lacking:
        return outcome
    _Rows.prepare()
    if workers <= 1 or len(lacking) == 1:
        _migrate_here(outcome, on_schema, using)
    else:
        _migrate_in_workers(outcome, workers, on_schema, using)
    return outcome


def _migrate_here(outcome, on_schema, using):
    # Ctrl-C rolls the schema in progress back; SIGTERM and SIGHUP end the process as usual,
    # which PostgreSQL sees as a dropped connection and rolls back the same way.
    try:
        for schema in outcome.behind:
            _report(outcome, on_schema, schema, *_migrate_one_safely(schema, using))
    except KeyboardInterrupt:
        outcome.interrupted = True


def _migrate_in_workers(outcome, workers, on_schema, using):
    # Children are forked with the app registry, the migration graph and the rows above already
    # built. Each opens its own connection: the parent's must be closed before they are forked,
    # or a child closing its copy would end the parent's session on the server.
    connections[using].close()
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("fork"), initializer=_worker_started
    )
    stopping = (signal.SIGTERM, signal.SIGHUP)
    previous = {signum: signal.signal(signum, _raise_interrupt) for signum in stopping}
    futures = {}
    try:
        for schema in outcome.behind:
            futures[pool.submit(_migrate_one_safely, schema, using)] = schema
        for future in as_completed(futures):
            _report(outcome, on_schema, futures[future], *_result(future))
            del futures[future]
    except KeyboardInterrupt:
        outcome.interrupted = True
        for future in futures:
            future.cancel()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    # Schemas that were in progress when the run was stopped finished meanwhile.
    for future, schema in futures.items():
        if future.done() and not future.cancelled() and future.exception() is None:
            _report(outcome, on_schema, schema, *future.result())


def _result(future):
    try:
        return future.result()
    except Exception as exc:  # the worker process died (killed, out of memory)
        return [], f"{exc.__class__.__name__}: {exc}"


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def _worker_started():
    # The terminal's Ctrl-C reaches the whole process group: a worker ignores it and finishes
    # the schema in hand while the parent stops handing out more. SIGTERM or SIGHUP end a worker
    # at once; PostgreSQL then rolls its schema's transaction back. Either way no schema is
    # left half migrated.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _report(outcome, on_schema, schema, applied, error):
    if error is None:
        outcome.migrated.append(schema)
    else:
        outcome.failed[schema] = error
    if on_schema:
        on_schema(schema, applied, error)


def _migrate_one_safely(schema, using):
    try:
        return migrate_schema(schema, using=using), None
    except Exception as exc:
        logger.exception("migrating %s failed", schema)
        return [], f"{exc.__class__.__name__}: {exc}"


def migrate_schema(schema_name, *, using=DEFAULT_DB_ALIAS):
    """Apply the migrations ``schema_name`` lacks, then add its missing content types and
    permissions, all in one transaction; return the names applied ([] if it was current)."""
    connection = connections[using]
    connection.set_schema(schema_name)
    try:
        executor = _executor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if any(not migration.atomic for migration, _backwards in plan):
            # Such a migration must not run inside a transaction (CREATE INDEX CONCURRENTLY):
            # each migration commits on its own, as stock does.
            return _apply(connection, executor, plan, schema_name)
        with transaction.atomic(using=using):
            # A second run at the same moment (two deploys) waits here, then finds it current.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [schema_name])
            executor.loader.applied_migrations = executor.recorder.applied_migrations()
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            return _apply(connection, executor, plan, schema_name)
    finally:
        connection.set_schema_to_public()


def _apply(connection, executor, plan, schema_name):
    if not plan:
        return []
    state = _state_before(executor)
    executor.migrate(executor.loader.graph.leaf_nodes(), plan=plan, state=state)
    _Rows.insert(connection)
    applied = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    logger.debug("migrated %s: %s", schema_name, ", ".join(applied))
    return applied


_loaders = {}


def _executor(connection):
    """A MigrationExecutor for the connection's current schema. The migration graph is read
    from disk once per process (Django's executor reads it again for every schema); only which
    migrations the schema has is read each time."""
    loader = _loaders.get(os.getpid())
    if loader is None:
        loader = _loaders[os.getpid()] = MigrationLoader(None, ignore_no_migrations=True)
    executor = MigrationExecutor.__new__(MigrationExecutor)
    executor.connection = connection
    executor.loader = loader
    executor.loader.connection = connection
    executor.recorder = MigrationRecorder(connection)
    executor.progress_callback = None
    # Creates django_migrations in the schema if it has none. The introspection lists only the
    # current schema's tables, so public's table is never mistaken for the schema's own.
    executor.recorder.ensure_schema()
    loader.applied_migrations = executor.recorder.applied_migrations()
    return executor


_states = {}


def _state_before(executor):
    """The models as the schema's applied migrations leave them, rendered. Rendering every model
    is most of Django's work for a schema with one migration to apply, and schemas behind by the
    same migrations start from the same state: it is rendered once per process and each schema
    gets a copy (Django's own executor copies states the same way)."""
    applied = frozenset(executor.loader.applied_migrations)
    key = (os.getpid(), applied)
    if key not in _states:
        state = executor._create_project_state(with_applied_migrations=True)
        state.apps  # noqa: B018 -- renders the models now, once
        _states.clear()
        _states[key] = state
    return _states[key].clone()


class _Rows:
    """The content types and permissions every schema should have, from the installed models:
    what Django's ``create_contenttypes`` and ``create_permissions`` would add after migrating,
    worked out once per run."""

    content_types = None
    permissions = None

    @classmethod
    def prepare(cls):
        content_types, permissions = [], []
        for app_config in apps.get_app_configs():
            for model in app_config.get_models():
                opts = model._meta
                content_types.append((app_config.label, opts.model_name))
                for codename, name in _get_all_permissions(opts):
                    permissions.append((app_config.label, opts.model_name, codename, name))
        cls.content_types = content_types
        cls.permissions = permissions

    @classmethod
    def insert(cls, connection):
        if cls.content_types is None:
            cls.prepare()
        app_labels, models = zip(*cls.content_types, strict=True) if cls.content_types else ((), ())
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO django_content_type (app_label, model)"
                " SELECT * FROM unnest(%s::text[], %s::text[])"
                " ON CONFLICT (app_label, model) DO NOTHING",
                [list(app_labels), list(models)],
            )
            if cls.permissions:
                columns = [list(column) for column in zip(*cls.permissions, strict=True)]
                cursor.execute(
                    "INSERT INTO auth_permission (content_type_id, codename, name)"
                    " SELECT ct.id, p.codename, p.name"
                    " FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[])"
                    " AS p(app_label, model, codename, name)"
                    " JOIN django_content_type ct"
                    " ON ct.app_label = p.app_label AND ct.model = p.model"
                    " ON CONFLICT (content_type_id, codename) DO NOTHING",
                    columns,
                )

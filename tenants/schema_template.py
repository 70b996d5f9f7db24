"""New district schemas are copies of a migrated template schema, not fresh migration runs.

Measured on this kind of machine (docs/architecture.md, 2,000 tenants): running every
migration for a new schema takes 1.29 s and grows with the number of schemas (Django lists
every table of the database first); django-tenants' clone mode takes 3.7 s. Replaying the
template's DDL with its name rewritten, plus its migration records, content types and
permissions, in one transaction takes about 0.13 s and gives identical tables.
``make bench`` measures both in the same run.

The template (``srok_template``) is migrated on every deploy by ``refresh_template_schema``, and
again by the first creation in a process that finds it behind the code's migrations. It never
holds users: copied password hashes would weaken every district's session checks.
"""

import os
import re
import subprocess
import threading

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from psycopg2 import sql

from .pg_binaries import pg_binary

TEMPLATE_SCHEMA = "srok_template"
PLACEHOLDER = "__srok_new_schema__"

_lock = threading.RLock()
_state = {"checked": False, "script": None}

# pg_dump's session settings: they would change this connection's search_path and timeouts.
_SESSION_LINE = re.compile(r"^(SET |SELECT pg_catalog\.set_config)")
# Column options some PostgreSQL builds assign by themselves to every new column (seen on the
# CI machine's PostgreSQL 15: "pg_attver"); the server sets the copy's own, so replaying the
# template's values would be wrong.
SERVER_ASSIGNED_OPTION = re.compile(
    r"^ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \(pg_attver=\d+\);$"
)


def refresh_template(verbosity=0):
    """Create the template schema if missing and apply every tenant migration to it."""
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(TEMPLATE_SCHEMA))
        )
    call_command(
        "migrate_schemas", schema_name=TEMPLATE_SCHEMA, interactive=False, verbosity=verbosity
    )
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {}.auth_user").format(sql.Identifier(TEMPLATE_SCHEMA))
        )
        if cursor.fetchone()[0]:
            raise RuntimeError(f"{TEMPLATE_SCHEMA} holds user accounts; it must hold none")
    with _lock:
        _state.update(checked=True, script=None)


def template_is_current():
    """True if the template exists and has every tenant migration the code has."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [TEMPLATE_SCHEMA])
        if cursor.fetchone() is None:
            return False
    connection.set_schema(TEMPLATE_SCHEMA)
    try:
        executor = MigrationExecutor(connection)
        return not executor.migration_plan(executor.loader.graph.leaf_nodes())
    finally:
        connection.set_schema_to_public()


def clone_template(schema_name):
    """Create ``schema_name`` as a copy of the template, inside the caller's transaction.
    Call ``prepare()`` before that transaction opens."""
    script = prepare()
    with connection.cursor() as cursor:
        cursor.execute(script.replace(PLACEHOLDER, schema_name))


def prepare():
    """Make sure the template is current and its script built. pg_dump reads the template
    through its own connection, so this must run outside any transaction that changes it."""
    with _lock:
        if not _state["checked"]:
            if not template_is_current():
                refresh_template()
            _state["checked"] = True
        if _state["script"] is None:
            _state["script"] = _build_script()
        return _state["script"]


def _build_script():
    """The template's DDL and rows as one SQL script, its schema name replaced by PLACEHOLDER."""
    ddl = _dump_schema_ddl()
    statements = [
        line
        for line in ddl.splitlines()
        if line
        and not line.startswith("--")
        and not _SESSION_LINE.match(line)
        and not SERVER_ASSIGNED_OPTION.match(line)
    ]
    script = re.sub(rf"\b{TEMPLATE_SCHEMA}\b", PLACEHOLDER, "\n".join(statements))
    return script + "\n" + _copy_rows_script()


def _copy_rows_script():
    """Copy the rows the template has (migration records, content types, permissions) and move
    each identity sequence past them, so the new schema's next row gets a fresh id."""
    parts = []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname,
                   (SELECT a.attname FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attidentity <> '' LIMIT 1)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = %s AND c.relkind = 'r'
             ORDER BY c.relname
            """,
            [TEMPLATE_SCHEMA],
        )
        tables = cursor.fetchall()
        for table, identity_column in tables:
            source = sql.Identifier(TEMPLATE_SCHEMA, table)
            cursor.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(source))
            if not cursor.fetchone()[0]:
                continue
            target = f'"{PLACEHOLDER}"."{table}"'
            parts.append(f'INSERT INTO {target} SELECT * FROM "{TEMPLATE_SCHEMA}"."{table}";')
            if identity_column:
                parts.append(
                    f"SELECT setval(pg_get_serial_sequence('{target}', '{identity_column}'), "
                    f'(SELECT max("{identity_column}") FROM {target}));'
                )
    return "\n".join(parts)


def _dump_schema_ddl():
    # pgserver's pg_dump (16) ships with the project, so the same binary serves the embedded
    # server and any PostgreSQL 16 or older given by DATABASE_URL.
    settings_dict = connection.settings_dict
    command = [pg_binary("pg_dump"), "--schema-only", "--no-owner", "--no-privileges"]
    command += [f"--schema={TEMPLATE_SCHEMA}", "--dbname", settings_dict["NAME"]]
    command += ["--username", settings_dict["USER"] or "postgres"]
    if settings_dict["HOST"]:
        command += ["--host", settings_dict["HOST"]]
    if settings_dict["PORT"]:
        command += ["--port", str(settings_dict["PORT"])]
    env = {**os.environ, "PGPASSWORD": settings_dict["PASSWORD"] or ""}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"pg_dump of the template schema failed: {result.stderr.strip()}")
    return result.stdout

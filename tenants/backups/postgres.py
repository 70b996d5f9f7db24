"""The PostgreSQL side of backups: which client programs run, how they connect, and the few
catalogue statements backup and restore share."""

import os
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django_tenants.utils import get_public_schema_name, schema_context
from psycopg2 import sql

from ..pg_binaries import pg_binary

LIBPQ_ENV = {
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "service": "PGSERVICE",
}


class ToolFailed(Exception):
    pass


def pg_tool(program):
    """The path of PostgreSQL's ``program`` (pg_dump, pg_restore, psql) that backups run."""
    # pgserver's own tools (PostgreSQL 16) ship with the project, so every machine runs the same
    # pg_dump whatever its system packages: it reads the embedded server and any server given
    # by DATABASE_URL up to version 16 (CI's is 15), and its archives restore with its own
    # pg_restore and psql. A production server newer than 16 needs its own tools:
    # BACKUP_PG_BIN_DIR names their folder.
    if settings.BACKUP_PG_BIN_DIR:
        return str(Path(settings.BACKUP_PG_BIN_DIR) / program)
    return pg_binary(program)


def libpq_params():
    """Connection parameters of the default database, in libpq's names."""
    settings_dict = connections["default"].settings_dict
    params = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"],
        **settings_dict.get("OPTIONS", {}),
    }
    return {
        key: str(value)
        for key, value in params.items()
        if key in LIBPQ_ENV and value not in (None, "")
    }


def run_pg(program, *arguments, params=None):
    # Through the environment, not the command line, where any local user could read a password.
    # On the embedded server HOST is its socket folder, where postgres may connect without one.
    params = params or libpq_params()
    env = {**os.environ, "PGAPPNAME": f"srok-{program}"}
    env.update({LIBPQ_ENV[key]: value for key, value in params.items()})
    result = subprocess.run(
        [pg_tool(program), *arguments],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        # Its own messages name it ("pg_dump: error: ..."); keep the end, where the cause is.
        message = result.stderr.strip()[-2000:]
        raise ToolFailed(message or f"{program} exited with status {result.returncode}")


def count_rows(cursor, schema_name):
    """{table: rows} of every table of ``schema_name``, in one statement (one count per table
    cost a round trip each, forty per district)."""
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname",
        [schema_name],
    )
    tables = [table for (table,) in cursor.fetchall()]
    if not tables:
        return {}
    cursor.execute(
        sql.SQL(" UNION ALL ").join(
            sql.SQL("SELECT {}, count(*) FROM {}").format(
                sql.Literal(table), sql.Identifier(schema_name, table)
            )
            for table in tables
        )
    )
    return dict(cursor.fetchall())


def rename_sql(old, new):
    return sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(sql.Identifier(old), sql.Identifier(new))


def drop_schema(schema_name):
    with schema_context(get_public_schema_name()), connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema_name))
        )


def schema_exists(schema_name):
    with schema_context(get_public_schema_name()), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema_name])
        return cursor.fetchone() is not None

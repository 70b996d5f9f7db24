"""The embedded PostgreSQL used when DATABASE_URL is unset.

pgserver ships a PostgreSQL server inside a wheel. The first process to ask starts it on a unix
socket in the data directory (no TCP port, so it coexists with any server on 5432); later
processes attach to the running one. ``cleanup_mode=None`` keeps it running between commands,
so ``make run`` after ``make test`` attaches in milliseconds; ``make stop-db`` stops it.
"""

import warnings
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse

# Per-district backups run pg_dump --schema=<one schema>, which takes a lock per relation of
# every schema it reads the catalogue of; the default (64) runs out at a few hundred districts.
SERVER_SETTINGS = {"max_locks_per_transaction": "1024", "max_connections": "200"}


def embedded_database(data_dir: Path, name: str) -> dict:
    """Start or attach to the embedded server and return Django DATABASES settings for ``name``."""
    from psycopg2 import sql

    data_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # Without XDG_RUNTIME_DIR (cron, CI, root shells) its lock goes under /tmp: fine here.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
        import pgserver

        server = pgserver.get_server(data_dir, cleanup_mode=None)
    socket_dir = parse_qs(urlparse(server.get_uri()).query)["host"][0]

    with _maintenance_cursor(socket_dir) as cur:
        restart_needed = _apply_server_settings(cur)
    if restart_needed:
        _restart(data_dir)
    with _maintenance_cursor(socket_dir) as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return {"NAME": name, "USER": "postgres", "PASSWORD": "", "HOST": socket_dir, "PORT": ""}


@contextmanager
def _maintenance_cursor(socket_dir):
    import psycopg2

    # Not "with connect()": psycopg2 opens a transaction block there even in autocommit mode,
    # and ALTER SYSTEM / CREATE DATABASE refuse to run inside one.
    conn = psycopg2.connect(host=socket_dir, user="postgres", dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            yield cur
    finally:
        conn.close()


def _apply_server_settings(cur) -> bool:
    """Set server-level options once; return True if a restart is needed for them."""
    changed = False
    for option, value in SERVER_SETTINGS.items():
        cur.execute("SELECT setting FROM pg_settings WHERE name = %s", [option])
        if cur.fetchone()[0] != value:
            cur.execute(f"ALTER SYSTEM SET {option} = '{value}'")
            changed = True
    return changed


def _restart(data_dir: Path) -> None:
    import os
    import pwd
    import subprocess

    from tenants.pg_binaries import pg_binary

    cmd = [pg_binary("pg_ctl"), "-D", str(data_dir), "-l", str(data_dir / "log")]
    cmd += ["-w", "restart", "-m", "fast"]
    # The server outlives pg_ctl: give it no pipe of ours to hold open, or run() never returns.
    io = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    if os.geteuid() == 0:  # pgserver runs the server as its own system user when we are root
        user = pwd.getpwnam("pgserver")
        subprocess.run(cmd, check=True, timeout=60, user=user.pw_uid, group=user.pw_gid, **io)
    else:
        subprocess.run(cmd, check=True, timeout=60, **io)

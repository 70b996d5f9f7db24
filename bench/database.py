"""The benchmarks' own databases, on the server the project is configured for.

Each population of districts gets a database of its own (``srok_bench_2``, ``srok_bench_500``):
populations only ever grow, and one database cannot hold 2 districts and 500 at once. They are
kept between runs, so a second run creates nothing and starts measuring at once.
SROK_BENCH_DATABASE_PREFIX replaces ``srok_bench`` in these names, so several people measuring
on one shared server keep their populations apart.

Without ``DATABASE_URL`` they live in the embedded PostgreSQL under ``.data/pg`` (chosen by
``SROK_DB_NAME``, as platform_site.settings reads it); with it, on that server under these names.
Subprocesses (manage.py, gunicorn) get the environment that selects the database, with
``bench.settings`` as their settings module.
"""

import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
BASE_NAME = os.environ.get("SROK_BENCH_DATABASE_PREFIX") or "srok_bench"
# A server we can see the processes of: a unix socket, or TCP on this machine.
_LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}


@dataclass
class BenchDatabase:
    name: str
    settings: dict
    env: dict
    embedded: bool

    @contextmanager
    def cursor(self, dbname=None):
        conn = psycopg2.connect(
            dbname=dbname or self.name,
            user=self.settings["USER"] or None,
            password=self.settings["PASSWORD"] or None,
            host=self.settings["HOST"] or None,
            port=self.settings["PORT"] or None,
            **self.settings.get("OPTIONS", {}),
        )
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                yield cursor
        finally:
            conn.close()

    @property
    def is_local(self):
        host = str(self.settings["HOST"] or "")
        return host.startswith("/") or host in _LOCAL_HOSTS


def database_for(population):
    """The database holding ``population`` districts, created empty if it does not exist."""
    name = f"{BASE_NAME}_{population}"
    # The same load order as the settings: .env first, the process environment wins.
    environ.Env.read_env(ROOT / ".env", overwrite=False)
    env = {"DJANGO_SETTINGS_MODULE": "bench.settings", "SROK_DEVELOPMENT": "1"}
    url = os.environ.get("DATABASE_URL", "")
    if url:
        settings = environ.Env.db_url_config(url)
        settings["NAME"] = name
        database = BenchDatabase(
            name, settings, {**env, "DATABASE_URL": _with_database(url, name)}, embedded=False
        )
        _create_if_missing(database)
        return database
    from platform_site.embedded_db import embedded_database

    data_dir = Path(os.environ.get("SROK_DATA_DIR", ROOT / ".data"))
    settings = embedded_database(data_dir / "pg", name)
    return BenchDatabase(name, settings, {**env, "SROK_DB_NAME": name}, embedded=True)


def _with_database(url, name):
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _create_if_missing(database):
    with database.cursor(dbname="postgres") as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database.name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database.name)))


def district_count(database):
    with database.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tenants_district")
        return cursor.fetchone()[0]


def backend_pids(database):
    """The server processes serving other connections to ``database`` (the benchmark's own
    server, once its workers have connected), or [] when the server is not on this machine."""
    if not database.is_local:
        return []
    with database.cursor() as cursor:
        return _other_backends(cursor)


def _other_backends(cursor):
    cursor.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
    )
    return [pid for (pid,) in cursor.fetchall()]


def footprint(database):
    """The database's size and the memory of the server's processes. Measured while the
    benchmark's connections are still open: each PostgreSQL backend keeps catalogue entries of
    every schema it has served, so their memory grows with the districts they visited.

    Memory figures are missing when the server runs elsewhere or psutil is not installed. The
    whole server's figure includes every other database on it (the embedded server also serves
    `make test`)."""
    with database.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database()), pg_backend_pid()")
        size, own_pid = cursor.fetchone()
        result = {"size": size}
        if database.is_local:
            result.update(_memory(own_pid, _other_backends(cursor)))
    return result


def _memory(own_pid, backend_pids):
    try:
        import psutil
    except ImportError:
        return {}
    try:
        postmaster = psutil.Process(own_pid).parent()
        if postmaster is None or "postgres" not in postmaster.name():
            return {}
        server = [postmaster, *postmaster.children()]
        backends = [psutil.Process(pid) for pid in backend_pids]
        return {
            "server_rss": sum(_rss(process) for process in server if process.pid != own_pid),
            "backends": len(backends),
            "backends_rss": sum(_rss(process) for process in backends),
            "backends_uss": sum(process.memory_full_info().uss for process in backends),
        }
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return {}


def _rss(process):
    import psutil

    try:
        return process.memory_info().rss
    except psutil.NoSuchProcess:  # ended between listing and reading: it holds nothing now
        return 0

"""A database of its own for the migration tests, with a population of districts.

migrate_schemas acts on every district of a database, and these tests add migrations to the
code: on the run's shared database that would reach every other test's districts. So this
module's tests get ``<run database>_schemas``, filled once by ``python -m bench.districts`` (the
real onboarding action, as the benchmarks use it) and dropped at the end. The command always runs
as a subprocess, as a deploy runs it.
"""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from django.conf import settings
from psycopg2 import sql

ROOT = Path(__file__).resolve().parents[3]
POPULATION = 12


class Population:
    def __init__(self, settings_dict, name):
        self.settings_dict = settings_dict
        self.name = name

    def env(self, probe=None):
        """The environment that points settings at this database: DATABASE_URL's server under
        this name, or the embedded server (SROK_DB_NAME) when the run uses that."""
        env = {
            **os.environ,
            "SROK_DEVELOPMENT": "1",
            "DJANGO_SETTINGS_MODULE": "platform_site.settings",
            "PYTHONUNBUFFERED": "1",
        }
        if os.environ.get("DATABASE_URL"):
            url = urlsplit(os.environ["DATABASE_URL"])
            env["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{self.name}"))
        else:
            env["SROK_DB_NAME"] = self.name
        if probe:
            env["DJANGO_SETTINGS_MODULE"] = "tests.tenants.schema_migrations.settings"
            env["SROK_PROBE_MIGRATIONS"] = probe
        return env

    def manage(self, *args, probe=None, timeout=300):
        """Run ``manage.py`` with ``args`` on this database; the finished process."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(probe),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, *args, probe=None):
        """Start ``manage.py`` with ``args`` in a process group of its own; the running process."""
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(probe),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )

    @contextmanager
    def cursor(self):
        conn = _connect(self.settings_dict, self.name)
        try:
            with conn.cursor() as cursor:
                yield cursor
        finally:
            conn.close()

    def district_schemas(self):
        with self.cursor() as cursor:
            cursor.execute("SELECT schema_name FROM tenants_district ORDER BY schema_name")
            return [name for (name,) in cursor.fetchall()]


def _connect(settings_dict, dbname):
    conn = psycopg2.connect(
        dbname=dbname,
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
    )
    conn.autocommit = True
    return conn


@pytest.fixture(scope="session")
def population(django_db_setup):
    """A database with POPULATION districts, made by the real action, migrated by the code as
    it is (without the probe app)."""
    settings_dict = dict(settings.DATABASES["default"])
    name = f"{django_db_setup}_schemas"
    maintenance = _connect(settings_dict, "postgres")
    try:
        with maintenance.cursor() as cursor:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            cursor.execute(drop)
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        made = Population(settings_dict, name)
        result = subprocess.run(
            [sys.executable, "-m", "bench.districts", str(POPULATION)],
            cwd=ROOT,
            env=made.env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        yield made
    finally:
        with maintenance.cursor() as cursor:
            cursor.execute(drop)
        maintenance.close()

"""Real parts that a test can break: a Redis and a PostgreSQL cluster of the test's own, started
on free loopback ports, then stopped, restarted or paused (SIGSTOP: the process keeps its port
but answers nothing, as a hung server or a network that drops packets does).

These are never the run's shared services (the machine's PostgreSQL, its Redis): breaking those
would break every other test.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

# Officers logged in through the real login form, as the district site's tests make them.
from tests.district_site.conftest import officer  # noqa: F401

PG_BIN = Path(os.environ.get("SROK_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout=20, interval=0.02, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"{what} not reached after {timeout}s")


def waiting_on_lock(database, application=None):
    """How many sessions of ``database`` wait on a lock (a task on a row another holds); with
    ``application``, only the sessions of processes started with that PGAPPNAME. A fault test
    names its own worker so: the run's in-process worker may be working on other tests' queued
    tasks, which wait on the same lock, while the test's worker has not started its pool yet."""
    sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'"
    params = [database]
    if application:
        sql += " AND application_name = %s"
        params.append(application)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def write_to_broker(url):
    """Make this process's Celery app send to the broker at ``url`` (None: the run's own). The
    app keeps a pool of connections, and producers on them, to whichever broker it first wrote
    to; the app forgets them here (and makes new ones on its next send), or later tests in this
    process would go on sending to (and purging) a broker a fault test has stopped. They are
    not closed: the run's in-process worker may still hold the pool it started with."""
    from platform_site.celery import app

    app.conf.broker_write_url = url
    app._pool = None
    app.amqp._producer_pool = None


def _accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _fresh_media_storage_breaker():
    """Each test meets storage with no outage remembered, and leaves none behind: the media
    view serves placeholders while the process's "Media storage" breaker is open, which would
    otherwise reach the next test that reads from S3 in this process."""
    from tenants import resilience

    resilience._breakers.pop("Media storage", None)
    yield
    resilience._breakers.pop("Media storage", None)


class RedisServer:
    """redis-server on a free loopback port, without persistence."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self.ping, what="redis ready")
        return self

    def client(self):
        import redis

        return redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1)

    def ping(self):
        import redis

        try:
            return self.client().ping()
        except redis.exceptions.ConnectionError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def pause(self):
        """SIGSTOP: connections are accepted by the kernel, nothing is ever answered."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed: sudo apt-get install -y redis-server")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


class PostgresCluster:
    """A PostgreSQL cluster made with the machine's initdb, on a free loopback port, owned by the
    ``postgres`` system user (PostgreSQL refuses to run as root)."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = Path(directory)
        self.data = self.directory / "data"

    def _run(self, *command, **kwargs):
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(command, check=True, capture_output=True, **kwargs)

    def init(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        self._run(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        return self

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
            " -c fsync=off"
        )
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-t", "30",
            "-l", str(self.directory / "log"), "start",
        )  # fmt: skip
        wait_until(lambda: _accepts(self.port), what="postgres accepting")
        return self

    def stop(self, mode="fast"):
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def is_running(self):
        return (self.data / "postmaster.pid").exists()

    def psql(self, sql, database="postgres"):
        return self._run(
            str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql, text=True,
        ).stdout  # fmt: skip


@pytest.fixture(scope="module")
def postgres_cluster():
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"no PostgreSQL binaries in {PG_BIN}: apt-get install -y postgresql")
    # Not under pytest's temporary folder: as root that is private to root, and the cluster
    # runs as postgres.
    directory = Path(tempfile.mkdtemp(prefix="srok-faults-pg-"))
    directory.chmod(0o755)
    cluster = PostgresCluster(directory).init().start()
    yield cluster
    if cluster.is_running():
        cluster.stop("immediate")
    shutil.rmtree(directory, ignore_errors=True)


class WebServer:
    """The production web server (gunicorn with deploy/gunicorn.conf.py) in a process of its
    own, on a free port, with the settings in ``env``: persistent database connections, the
    health checks between requests, everything a real outage meets."""

    def __init__(self, env, directory, threads=2):
        from django.conf import settings

        self.port = free_port()
        self.base_dir = settings.BASE_DIR
        self.env = {
            "PATH": os.environ["PATH"],
            "SROK_DEVELOPMENT": "1",
            "SROK_DATA_DIR": str(directory),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": str(threads),
            "LOG_LEVEL": "WARNING",
            **env,
        }
        self.log = Path(directory) / "web.log"
        self.process = None

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self):
        gunicorn = Path(os.sys.executable).parent / "gunicorn"
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(gunicorn), "-c", "deploy/gunicorn.conf.py"],
                cwd=self.base_dir,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(self._answers, timeout=90, interval=0.2, what="gunicorn answering")
        return self

    def _answers(self):
        import requests

        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited:\n{self.log_text()[-3000:]}")
        try:
            return requests.get(self.url("/healthz"), timeout=15).status_code
        except (requests.ConnectionError, requests.Timeout):  # still starting on a busy machine
            return None

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)

    def log_text(self):
        return self.log.read_text(errors="replace")


def skip_on_the_embedded_database():
    """Skip a test that reaches this run's database from other processes over TCP, or copies it
    with the machine's PostgreSQL 15 tools: the embedded server (PostgreSQL 16) listens on a
    socket in the project's folder only. `.ci/run`'s second pass, on the machine's PostgreSQL,
    runs these tests."""
    from django.db import connection

    if str(connection.settings_dict["HOST"] or "").startswith("/"):
        pytest.skip("needs the machine's PostgreSQL over TCP (DATABASE_URL), not the embedded one")

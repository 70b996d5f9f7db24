"""Throwaway PostgreSQL clusters for tests of the database tooling (pgBackRest, standbys).

Each cluster is made by the test with the machine's own PostgreSQL binaries (initdb, pg_ctl),
listens only on a unix socket in a directory of its own, and is removed afterwards. initdb
refuses to run as root, so as root everything runs as the ``postgres`` system user, as on a
server.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2

PG_BIN = Path(os.environ.get("SROK_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
OWNER = "postgres"


def unavailable():
    """Why clusters cannot be made here, or None."""
    if not (PG_BIN / "initdb").exists():
        return f"no PostgreSQL binaries in {PG_BIN} (apt-get install -y postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(OWNER)
        except KeyError:
            return "running as root without a postgres user to run initdb as"
    return None


def as_owner(argv):
    """``argv`` run as the clusters' owner: postgres when we are root, ourselves otherwise."""
    if os.geteuid() == 0:
        return ["runuser", "-u", OWNER, "--", *map(str, argv)]
    return [str(arg) for arg in argv]


def run(argv, env=None, check=True, timeout=300):
    result = subprocess.run(
        as_owner(argv), env=env, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, argv))} failed:\n{result.stdout}\n{result.stderr}"
        )
    return result


def scratch_directory(prefix):
    """A directory the owner may write in (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(path, OWNER, OWNER)
    return path


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One PostgreSQL data directory under ``root``, its socket in ``root`` too."""

    def __init__(self, root, name, env=None):
        self.root = Path(root)
        self.data = self.root / name
        self.port = free_port()
        self.env = dict(os.environ, **(env or {}))

    def initdb(self, settings=""):
        run([PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres"], self.env)
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(settings)

    def start(self, *options, timeout=120):
        """Start on this cluster's port and socket; ``options`` are extra ``-c name=value``.
        ``timeout``: seconds to wait for it to accept connections (a restored cluster of
        300,000 files syncs them all before it does)."""
        server_options = [f"-p {self.port}", f"-c unix_socket_directories={self.root}"]
        server_options += [f"-c {option}" for option in options]
        run(
            [
                PG_BIN / "pg_ctl",
                "-D",
                self.data,
                "-l",
                self.root / f"{self.data.name}.log",
                "-o",
                " ".join(server_options),
                "-w",
                "-t",
                str(timeout),
                "start",
            ],
            self.env,
            timeout=timeout + 60,
        )

    def stop(self):
        run([PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"], self.env, check=False)

    def promote(self):
        run([PG_BIN / "pg_ctl", "-D", self.data, "-w", "promote"], self.env)

    def log(self):
        path = self.root / f"{self.data.name}.log"
        return path.read_text() if path.exists() else ""

    def query(self, sql, params=None):
        connection = psycopg2.connect(
            host=str(self.root), port=self.port, user="postgres", dbname="postgres"
        )
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else None
        finally:
            connection.close()

    def wait_for(self, sql, expected, timeout=120, params=None):
        """Poll ``sql`` until it returns ``expected`` (recovery and streaming take their time)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                got = self.query(sql, params)
            except psycopg2.OperationalError as exc:  # still starting up
                got = exc
            if got == expected:
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{sql!r} gave {got!r}, not {expected!r}\n{self.log()[-3000:]}"
                )
            time.sleep(0.2)

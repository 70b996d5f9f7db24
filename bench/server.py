"""The product's WSGI application under gunicorn, on loopback and a free port, for one benchmark.

gthread workers with one thread each: a worker serves one request at a time, as a sync worker
does, but keeps connections open between requests (gunicorn's sync workers close every
connection after its response, and a load generator that reconnects for every request measures
its own TCP handshakes and runs the machine out of ports).
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / "bench" / "out"
LOOPBACK = "127.0.0.1"
START_TIMEOUT = 60
STOP_TIMEOUT = 30


class Gunicorn:
    """``with Gunicorn(env, workers=2, probe_host=...) as server:`` serves on ``server.port``
    until the block ends; ``server.worker_pids`` are the worker processes."""

    def __init__(self, env, *, workers, probe_host, probe_path, log_name):
        self.env = env
        self.workers = workers
        self.probe = (probe_host, probe_path)
        self.log_path = LOG_DIR / f"{log_name}.log"
        self.port = None
        self.process = None

    def command(self):
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "platform_site.wsgi:application",
            f"--bind={LOOPBACK}:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=gthread",
            "--threads=1",
            # Longer than any pause between rounds, so connections stay where they were placed.
            "--keep-alive=300",
            "--log-level=warning",
            # Its default is one path per user, shared with any other gunicorn on the machine.
            "--no-control-socket",
        ]

    def __enter__(self):
        self.port = _free_port()
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env={**os.environ, **self.env},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self._wait_until_serving()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def worker_pids(self):
        import psutil

        return [child.pid for child in psutil.Process(self.process.pid).children()]

    def _wait_until_serving(self):
        deadline = time.monotonic() + START_TIMEOUT
        host, path = self.probe
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start; see {self.log_path}")
            connection = http.client.HTTPConnection(LOOPBACK, self.port, timeout=10)
            try:
                connection.request("GET", path, headers={"Host": host})
                status = connection.getresponse().status
            except OSError:
                time.sleep(0.2)
                continue
            finally:
                connection.close()
            if status != 200:
                raise RuntimeError(f"http://{host}{path} answered {status}; see {self.log_path}")
            if self._workers_running():
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not serve within {START_TIMEOUT} s; see {self.log_path}")

    def _workers_running(self):
        try:
            return len(self.worker_pids) >= self.workers
        except ImportError:
            return True

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(STOP_TIMEOUT)


def _free_port():
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]

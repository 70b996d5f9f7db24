"""``faults``: what citizens get while a part fails, and how long the site takes to recover.

The product under gunicorn (2 workers) with production's Redis cache and broker on a Redis of
the benchmark's own, at 2 districts. Each scenario sends citizens' requests (home, budget, a
budget year, news, feedback form; each stamped with ``X-Request-Start`` as Caddy stamps it) from
keep-alive connections for a fixed time and counts what came back:

- answered: 2xx or 3xx; shed: a deliberate 503 with ``Retry-After`` (platform_site/shedding.py,
  tenants/unavailable.py); failed: any other status, a 503 without ``Retry-After``, or no answer
  (a 500, a reset, a timeout);
- recovery: seconds from the part's return until every server process that logged the outage
  logs that it uses the part again.

Scenarios: a baseline at the workers' capacity; overload at sixteen times it, for a minute;
Redis stopped and restarted mid-run; Redis paused (SIGSTOP: connections hang) and resumed
mid-run; PostgreSQL stopped and started again mid-run. The last runs on a PostgreSQL cluster of
the benchmark's own (initdb from the machine's PostgreSQL 15 binaries, as tests/deploy does),
never on the shared server, with its own gunicorn; without those binaries its row says so. A
killed worker is covered by tests (tests/faults/test_worker.py), not here.
"""

import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from tests.deploy import pgcluster

from . import database, districts, machine, report
from .server import Gunicorn

NAME = "faults"
WORKERS = 2
# The budget of a given year is not served from the page cache: it needs the database.
PATHS = ("/", "/en/budget/", "/en/budget/?year=2026", "/en/news/", "/en/feedback/")
# Full run / --quick run: seconds per scenario, and when the part fails and returns within it.
SECONDS = {False: 20.0, True: 6.0}
# The overload scenario holds saturation for a minute (issue 17: 60 s with no 5xx but the
# deliberate 503s).
OVERLOAD_SECONDS = {False: 60.0, True: 6.0}
FAIL_AT = {False: 4.0, True: 1.5}
RETURN_AT = {False: 12.0, True: 4.0}
REQUEST_TIMEOUT = 30
# Closed-loop connections never queue more requests than there are connections: overload is
# many connections, and a short bound on queueing shows the shedding within the run.
OVERLOAD = 16
SHED_QUEUE_SECONDS = 0.25


class _Redis:
    def __init__(self):
        self.port = _free_port()
        self.directory = tempfile.mkdtemp(prefix="srok-bench-redis-")
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--save", "", "--dir", self.directory],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)

    def pause(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def flush(self):
        import redis

        redis.Redis(port=self.port, socket_timeout=5).flushall()

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)


def run(options):
    if not shutil.which("redis-server"):
        body = "Not measured: redis-server is not installed (apt-get install -y redis-server)."
        return report.Section(NAME, "Serving while a part fails", body)
    db = database.database_for(2)
    subprocess.run(
        [sys.executable, "-m", "bench.districts", "2"],
        cwd=database.ROOT,
        env={**os.environ, **db.env},
        check=True,
    )
    hosts = [host for _code, host in districts.plan(2)]
    redis = _Redis()
    redis.start()
    env = {
        **db.env,
        "REDIS_URL": redis.url,
        "CELERY_BROKER_URL": redis.url,
        "REDIS_RETRY_SECONDS": "2",
        "BROKER_RETRY_SECONDS": "2",
        "SHED_QUEUE_SECONDS": str(SHED_QUEUE_SECONDS),
        "LOG_LEVEL": "WARNING",
    }
    seconds, fail_at, back_at = (
        SECONDS[options.quick],
        FAIL_AT[options.quick],
        RETURN_AT[options.quick],
    )
    rows = []
    try:
        gunicorn = Gunicorn(
            env, workers=WORKERS, probe_host=hosts[0], probe_path="/", log_name="gunicorn-faults"
        )
        with gunicorn as server:
            overload = OVERLOAD_SECONDS[options.quick]
            scenarios = [
                ("baseline", WORKERS, seconds, None, None),
                (f"overload ({OVERLOAD}x capacity)", OVERLOAD * WORKERS, overload, None, None),
                ("Redis stopped, restarted", WORKERS, seconds, redis.stop, redis.start),
                ("Redis paused (hangs), resumed", WORKERS, seconds, redis.pause, redis.resume),
            ]
            for label, connections, length, fail, restore in scenarios:
                print(f"  {label}: {connections} connections, {length:.0f} s", flush=True)
                result = _scenario(
                    server, hosts, connections, length, fail_at, back_at, fail, restore
                )
                rows.append((label, connections, length, *result))
                print(f"    {rows[-1]}", flush=True)
        # Pages the first server cached would be answered without the database at all.
        redis.flush()
        rows.append(_postgres_restart(env, hosts, seconds, fail_at, back_at))
    finally:
        redis.stop()
        shutil.rmtree(redis.directory, ignore_errors=True)
    return report.Section(NAME, "Serving while a part fails", _body(rows, db, options))


POSTGRES_LABEL = "PostgreSQL stopped, restarted"


def _postgres_restart(env, hosts, seconds, fail_at, back_at):
    """The PostgreSQL scenario on a cluster of the benchmark's own: its 2 districts made by
    bench.districts, served by a gunicorn of its own (with the same Redis), the cluster stopped
    (``pg_ctl stop -m fast``, as a restart or a failover does) and started again mid-run."""
    missing = pgcluster.unavailable()
    if missing:
        print(f"  {POSTGRES_LABEL}: not measured ({missing})", flush=True)
        return (f"{POSTGRES_LABEL}: not measured, {missing}", WORKERS, seconds) + (None,) * 6
    root = pgcluster.scratch_directory("srok-bench-faults-pg-")
    cluster = pgcluster.Cluster(root, "data")
    try:
        cluster.initdb("\nfsync = off\nlisten_addresses = '127.0.0.1'\n")
        cluster.start()
        cluster.query("CREATE DATABASE srok_faults")
        own = {
            **env,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{cluster.port}/srok_faults",
        }
        subprocess.run(
            [sys.executable, "-m", "bench.districts", "2"],
            cwd=database.ROOT,
            env={**os.environ, **own, "CELERY_BROKER_URL": ""},
            check=True,
        )
        gunicorn = Gunicorn(
            own, workers=WORKERS, probe_host=hosts[0], probe_path="/",
            log_name="gunicorn-faults-postgres",
        )  # fmt: skip
        with gunicorn as server:
            print(f"  {POSTGRES_LABEL}: {WORKERS} connections, {seconds:.0f} s", flush=True)
            result = _scenario(
                server, hosts, WORKERS, seconds, fail_at, back_at, cluster.stop, cluster.start
            )
        row = (POSTGRES_LABEL, WORKERS, seconds, *result)
        print(f"    {row}", flush=True)
        return row
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def _scenario(server, hosts, connections, seconds, fail_at, back_at, fail, restore):
    outcomes = []  # (status or None, latency)
    lock = threading.Lock()
    start = time.monotonic()
    stop_at = start + seconds
    log_mark = server.log_path.stat().st_size

    def lane(number):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=REQUEST_TIMEOUT)
        sent = number
        while time.monotonic() < stop_at:
            path, host = PATHS[sent % len(PATHS)], hosts[sent % len(hosts)]
            sent += 1
            began = time.monotonic()
            stamp = f"t={int(time.time() * 1000)}"
            try:
                conn.request("GET", path, headers={"Host": host, "X-Request-Start": stamp})
                response = conn.getresponse()
                response.read()
                status = response.status
                if status == 503 and not response.getheader("Retry-After"):
                    status = None  # a 503 that does not say when to come back is a failure
            except (OSError, http.client.HTTPException):
                status = None
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=REQUEST_TIMEOUT)
            with lock:
                outcomes.append((status, time.monotonic() - began))
        conn.close()

    threads = [threading.Thread(target=lane, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    returned_at = None
    if fail:
        time.sleep(max(0, start + fail_at - time.monotonic()))
        fail()
        time.sleep(max(0, start + back_at - time.monotonic()))
        restore()
        returned_at = time.monotonic()
    recovery = _wait_for_back(server, log_mark, returned_at, stop_at) if fail else None
    for thread in threads:
        thread.join()
    answered = sum(1 for status, _ in outcomes if status is not None and status < 400)
    shed = sum(1 for status, _ in outcomes if status == 503)
    failed = len(outcomes) - answered - shed
    latencies = [latency for status, latency in outcomes if status is not None and status < 400]
    median = statistics.median(latencies) * 1000 if latencies else float("nan")
    return len(outcomes), answered, shed, failed, median, recovery


def _wait_for_back(server, log_mark, returned_at, stop_at):
    """Seconds from the part's return until every process that logged the outage logs that it
    uses the part again, or None."""
    while time.monotonic() < stop_at + 10:
        with open(server.log_path, "rb") as log:
            log.seek(log_mark)
            text = log.read()
        down, back = text.count(b" is unreachable "), text.count(b" is back after ")
        if down and back >= down:
            return time.monotonic() - returned_at
        time.sleep(0.05)
    return None


def _body(rows, db, options):
    def shown(value, form="{}"):
        return "n/a" if value is None else form.format(value)

    table = report.table(
        ["scenario", "connections", "seconds", "requests", "answered", "shed (503)", "failed",
         "median answered (ms)", "recovery (s)"],
        [
            (label, conns, f"{length:.0f}", shown(total), shown(answered), shown(shed),
             shown(failed), shown(median, "{:.0f}"), shown(recovery, "{:.1f}"))
            for label, conns, length, total, answered, shed, failed, median, recovery in rows
        ],
    )  # fmt: skip
    return f"""
{table}

Each scenario runs for its *seconds* against gunicorn ({WORKERS} workers, one thread each) at 2
districts; in the Redis scenarios Redis (cache and broker) fails at {FAIL_AT[options.quick]:.0f} s
and returns at {RETURN_AT[options.quick]:.0f} s; in the PostgreSQL scenario a cluster of the
benchmark's own (the machine's PostgreSQL binaries; the same 2 districts, the same Redis) is
stopped at {FAIL_AT[options.quick]:.0f} s (`pg_ctl stop -m fast`) and started at
{RETURN_AT[options.quick]:.0f} s. "Failed" is anything but an answer or a deliberate 503 with
`Retry-After`; "recovery" runs from the part's return to the last web process's log line saying
it uses the part again (Redis's breaker retries every 2 s here, 5 s by default; PostgreSQL's is
the first new connection a request makes). While PostgreSQL is down, pages in the page cache
are still answered; the rest get the 503 page with `Retry-After: 30`.
Requests carry `X-Request-Start` as Caddy sets it, so the overload scenario sheds
requests that waited over {SHED_QUEUE_SECONDS} s in gunicorn's queue (10 s by default); with
so short a bound, a request queued behind one that waits out Redis's timeout may be shed too.

{machine.as_markdown(machine.describe(db))}
"""


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

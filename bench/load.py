"""A small load generator: keep-alive HTTP/1.1 connections to a server on loopback, one thread
each, every run bounded in number of requests and in time.

Each connection walks the list of district hosts from its own starting point, sending the host
in the Host header, so over a round every district is asked for about equally often.

Connections are spread evenly over the server's worker processes. A gunicorn worker keeps the
connections it accepted, and which worker wins each accept is a race: left alone, three of four
connections can land on one worker and halve the throughput of a round for reasons unrelated to
the page. With the workers' pids, each new connection is looked up (through psutil, by its port)
and reopened while it lands on a worker that already has its share.

Besides rates and latencies, a round records the CPU time spent by the processes it is given
(the server's workers, the database backends serving them): a cost per request that other work
on the machine disturbs far less than it disturbs the rate.
"""

import http.client
import math
import statistics
import threading
import time
from dataclasses import dataclass, field

LOOPBACK = "127.0.0.1"
REQUEST_TIMEOUT = 30
# A worker still loading the application accepts nothing: give it this long to start.
BALANCE_SECONDS = 30
BALANCE_RETRY_PAUSE = 0.05


@dataclass
class Round:
    """What one round of requests gave. Times in seconds; latency runs from sending a request
    to having read its whole body."""

    elapsed: float
    latencies: list = field(default_factory=list)
    failures: int = 0
    reconnects: int = 0
    body_bytes: int = 0
    client_cpu: float = 0.0
    # CPU seconds per group of watched processes ("workers", "database"), when they are known.
    cpu: dict = field(default_factory=dict)

    @property
    def rate(self):
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, fraction):
        """Nearest-rank percentile, so the figure is a latency that was actually measured."""
        ordered = sorted(self.latencies)
        return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)] if ordered else math.nan

    def cpu_per_request(self, group):
        """Milliseconds of CPU that ``group`` spent per answered request, or None."""
        if group not in self.cpu or not self.latencies:
            return None
        return self.cpu[group] / len(self.latencies) * 1000


@dataclass
class _Lane:
    """One keep-alive connection, the worker it landed on, and how many requests it has sent
    (which, with its number, says where it is in the list of hosts)."""

    number: int
    connection: http.client.HTTPConnection
    worker: int | None
    sent: int = 0
    latencies: list = field(default_factory=list)
    failures: int = 0
    reconnects: int = 0
    body_bytes: int = 0


class LoadClient:
    """``connections`` keep-alive connections to ``port``, each opened with one request for
    ``probe_path`` on ``probe_host``. ``watched`` maps a name to the pids whose CPU time each
    round records; its "workers" entry is also what the connections are spread over."""

    def __init__(self, port, connections, *, probe_host, probe_path, watched=None):
        self.port = port
        self.watched = dict(watched or {})
        self.unbalanced = False
        self._lanes = []
        for number in range(connections):
            connection, worker = self._connect(probe_host, probe_path)
            self._lanes.append(_Lane(number, connection, worker))

    @property
    def spread(self):
        """How many connections each worker holds, in the order of the workers' pids."""
        return [self._load(worker) for worker in self._workers]

    @property
    def _workers(self):
        return self.watched.get("workers", [])

    def _connect(self, probe_host, probe_path):
        """A connection that has answered one request, on the least loaded worker if known."""
        share = math.ceil((len(self._lanes) + 1) / max(len(self._workers), 1))
        deadline = time.monotonic() + BALANCE_SECONDS
        while time.monotonic() < deadline:
            connection = self._open(probe_host, probe_path)
            worker = self._worker_of(connection)
            if worker is None or self._load(worker) < share:
                return connection, worker
            connection.close()
            time.sleep(BALANCE_RETRY_PAUSE)
        self.unbalanced = True
        connection = self._open(probe_host, probe_path)
        return connection, self._worker_of(connection)

    def _open(self, probe_host, probe_path):
        connection = http.client.HTTPConnection(LOOPBACK, self.port, timeout=REQUEST_TIMEOUT)
        status, _body, _closing = _get(connection, probe_host, probe_path)
        if status != 200:
            raise RuntimeError(f"http://{probe_host}{probe_path} answered {status}")
        return connection

    def _load(self, worker):
        return sum(1 for lane in self._lanes if lane.worker == worker)

    def _worker_of(self, connection):
        if not self._workers or connection.sock is None:
            return None
        import psutil

        client_port = connection.sock.getsockname()[1]
        for pid in self._workers:
            for socket in psutil.Process(pid).net_connections(kind="tcp"):
                if socket.raddr and socket.raddr.port == client_port:
                    return pid
        return None

    def run(self, path, hosts, requests, time_cap):
        """Send ``requests`` GETs of ``path`` spread over the connections, stopping early at
        ``time_cap`` seconds. Returns a Round."""
        per_lane = math.ceil(requests / len(self._lanes))
        for lane in self._lanes:
            lane.latencies, lane.failures, lane.reconnects, lane.body_bytes = [], 0, 0, 0
        deadline = time.monotonic() + time_cap
        threads = [
            threading.Thread(
                target=_drive, args=(lane, len(self._lanes), path, hosts, per_lane, deadline)
            )
            for lane in self._lanes
        ]
        cpu_before = self._cpu()
        client_before = time.process_time()
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(time_cap + REQUEST_TIMEOUT)
        elapsed = time.perf_counter() - started
        result = Round(elapsed=elapsed, client_cpu=time.process_time() - client_before)
        cpu_after = self._cpu()
        result.cpu = {group: cpu_after[group] - cpu_before[group] for group in cpu_after}
        for lane in self._lanes:
            result.latencies += lane.latencies
            result.failures += lane.failures
            result.reconnects += lane.reconnects
            result.body_bytes += lane.body_bytes
        return result

    def _cpu(self):
        """CPU seconds used so far by each group of watched processes that could all be read."""
        if not any(self.watched.values()):
            return {}
        import psutil

        totals = {}
        for group, pids in self.watched.items():
            try:
                times = [psutil.Process(pid).cpu_times() for pid in pids]
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            if times:
                totals[group] = sum(entry.user + entry.system for entry in times)
        return totals

    def close(self):
        for lane in self._lanes:
            lane.connection.close()


def _drive(lane, lanes, path, hosts, count, deadline):
    start = lane.number * len(hosts) // lanes
    for _number in range(count):
        if time.monotonic() >= deadline:
            return
        host = hosts[(start + lane.sent) % len(hosts)]
        lane.sent += 1
        started = time.perf_counter()
        try:
            status, body, closing = _get(lane.connection, host, path)
        except (http.client.HTTPException, OSError):
            # The server dropped the connection: count it, and let the next request reconnect.
            lane.connection.close()
            lane.failures += 1
            lane.reconnects += 1
            continue
        elapsed = time.perf_counter() - started
        if closing:
            lane.reconnects += 1
        if status == 200:
            lane.latencies.append(elapsed)
            lane.body_bytes += len(body)
        else:
            lane.failures += 1


def _get(connection, host, path):
    connection.request("GET", path, headers={"Host": host})
    response = connection.getresponse()
    body = response.read()
    return response.status, body, response.will_close


def summarize(rounds):
    """Medians over rounds: the rate, each round's p50 and p99 and the CPU per request of each
    watched group (milliseconds), with the slowest and fastest round's rate."""
    rates = [entry.rate for entry in rounds]
    answered = sum(len(entry.latencies) for entry in rounds)
    groups = {group for entry in rounds for group in entry.cpu}
    cpu = {}
    for group in groups:
        values = [v for entry in rounds if (v := entry.cpu_per_request(group)) is not None]
        cpu[group] = statistics.median(values) if values else None
    return {
        "rate": statistics.median(rates),
        "rate_min": min(rates),
        "rate_max": max(rates),
        "p50": statistics.median(entry.percentile(0.50) for entry in rounds) * 1000,
        "p99": statistics.median(entry.percentile(0.99) for entry in rounds) * 1000,
        "cpu": cpu,
        "client_cores": statistics.median(entry.client_cpu / entry.elapsed for entry in rounds),
        "failures": sum(entry.failures for entry in rounds),
        "reconnects": sum(entry.reconnects for entry in rounds),
        "body": sum(entry.body_bytes for entry in rounds) / max(answered, 1),
    }

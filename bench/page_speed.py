"""``http``: a district's home page against a bare view, served by the same stack in the same run,
with 2 districts present and with 500.

The bare view (bench.urls) returns "ok" and touches nothing, but its request goes through every
middleware the home page's does, the tenant middleware's host lookup included. The ratio home
page / bare view is therefore the cost of the page itself, against a floor that moves with the
machine; comparing the ratio at 2 and at 500 districts shows whether the page's cost grows with
the number of districts (docs/architecture.md; the goal: a citizen page costs the same at 2,000
districts as at 2).
"""

import os
import subprocess
import sys
import textwrap
import time

from . import database, districts, load, machine, report
from .server import Gunicorn

NAME = "http"
POPULATIONS = (2, 500)
# Served by bench.urls only.
BARE_PATH = "/bench/bare/"
TARGETS = (("home page", "/"), ("bare view", BARE_PATH))
WORKERS = 2
# Two per worker: while a worker answers one request, the next one is already waiting for it.
CONNECTIONS = 2 * WORKERS

# Full run / --quick run.
ROUNDS = {False: 9, True: 2}
REQUESTS_PER_ROUND = {False: 2000, True: 200}
ROUND_TIME_CAP = 30.0
# Warm-up: every connection asks for every district at least once, so each worker has resolved
# every host and its database connection has visited every schema before anything is timed.
WARMUP_MIN_PER_CONNECTION = 100
WARMUP_TIME_CAP = 180.0


def run(options):
    measured = [_measure_population(population, options) for population in POPULATIONS]
    title = "A district's home page against a bare view, at 2 and 500 districts"
    return report.Section(NAME, title, _body(measured, options))


def _measure_population(population, options):
    db = database.database_for(population)
    print(f"\n== {population} districts: database {db.name}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "bench.districts", str(population)],
        cwd=database.ROOT,
        env={**os.environ, **db.env},
        check=True,
    )
    hosts = [host for _code, host in districts.plan(population)]
    gunicorn = Gunicorn(
        db.env,
        workers=WORKERS,
        probe_host=hosts[0],
        probe_path=BARE_PATH,
        log_name=f"gunicorn-{db.name}",
    )
    with gunicorn as server:
        client = load.LoadClient(
            server.port,
            CONNECTIONS,
            probe_host=hosts[0],
            probe_path=BARE_PATH,
            watched={"workers": _worker_pids(server)},
        )
        try:
            print(f"  connections per worker: {client.spread}", flush=True)
            _warm_up(client, hosts, server)
            # The workers' database connections exist now; their CPU is part of each request.
            client.watched["database"] = database.backend_pids(db)
            rounds = {label: [] for label, _path in TARGETS}
            load_before = os.getloadavg()[0]
            for number in range(ROUNDS[options.quick]):
                # Alternate the order, so a drift of the machine during the run favours neither.
                for label, path in TARGETS if number % 2 == 0 else TARGETS[::-1]:
                    result = client.run(
                        path, hosts, REQUESTS_PER_ROUND[options.quick], ROUND_TIME_CAP
                    )
                    rounds[label].append(result)
                    _print_round(number, label, result)
            load_after = os.getloadavg()[0]
            footprint = database.footprint(db)
        finally:
            client.close()
    return {
        "population": database.district_count(db),
        "database": db,
        "summaries": {label: load.summarize(entries) for label, entries in rounds.items()},
        "footprint": footprint,
        "unbalanced": client.unbalanced,
        "load": (load_before, load_after),
    }


def _warm_up(client, hosts, server):
    requests = max(WARMUP_MIN_PER_CONNECTION, len(hosts)) * CONNECTIONS
    for label, path in TARGETS:
        print(f"  warming up {label}: {requests} requests", flush=True)
        result = client.run(path, hosts, requests, WARMUP_TIME_CAP)
        if result.failures:
            raise RuntimeError(
                f"{label} failed {result.failures} times while warming up; see {server.log_path}"
            )


def _worker_pids(server):
    try:
        return server.worker_pids
    except ImportError:  # psutil: without it, connections are not balanced and CPU not read
        return []


def _print_round(number, label, result):
    line = (
        f"  round {number + 1} {label}: {result.rate:.0f} req/s, "
        f"p50 {result.percentile(0.5) * 1000:.1f} ms, p99 {result.percentile(0.99) * 1000:.1f} ms"
    )
    for group in result.cpu:
        line += f", {group} CPU {result.cpu_per_request(group):.2f} ms/req"
    print(line, flush=True)


def _body(measured, options):
    (home, home_path), (bare, bare_path) = TARGETS
    first = measured[0]
    client_cores = max(
        figures["client_cores"] for entry in measured for figures in entry["summaries"].values()
    )
    speed = report.table(
        [
            "districts",
            "view",
            "req/s",
            "req/s range",
            "p50 ms",
            "p99 ms",
            "worker CPU ms/req",
            "PostgreSQL CPU ms/req",
        ],
        [row for entry in measured for row in _speed_rows(entry)],
    )
    memory = report.table(
        [
            "districts",
            "database size",
            "server RSS",
            "benchmark backends",
            "their RSS",
            "their USS",
        ],
        [_memory_row(entry) for entry in measured],
    )
    loads = "; ".join(
        f"{entry['population']} districts {entry['load'][0]:.2f} → {entry['load'][1]:.2f}"
        for entry in measured
    )
    paragraphs = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} on:",
        machine.as_markdown(machine.describe(first["database"])),
        f"Requests per second, latency and CPU time per request of a district's home page "
        f"(`{home_path}`, in Khmer, {first['summaries'][home]['body']:,.0f} bytes of HTML) "
        f'against a view that returns "ok" (`{bare_path}`, only in `bench.urls`). Both go '
        f"through the whole middleware stack of `platform_site.settings`, the tenant "
        f"middleware's cached host lookup included, so the ratio is the cost of the page "
        f"itself. Each request names a district in its Host header, and the requests walk "
        f"every district present in turn. Medians of {ROUNDS[options.quick]} rounds of "
        f"{REQUESTS_PER_ROUND[options.quick]:,} requests per view, the two views alternating; "
        f"the range is the slowest and the fastest round. CPU time is what the gunicorn "
        f"workers, and the PostgreSQL backends serving them, spent per request: other work on "
        f"the machine disturbs it far less than the rates. The bare view makes no query (each "
        f"worker keeps the host lookup cached), so its PostgreSQL CPU is nil and has no ratio. "
        f"Ratios are home page / bare view.",
        speed,
        f"The machine's 1-minute load average before → after the timed rounds: {loads}. Other "
        f"work on the machine during the rounds shows up as a wide req/s range.",
        f"Server: gunicorn with {WORKERS} gthread workers of one thread each on 127.0.0.1, "
        f"persistent database connections (`CONN_MAX_AGE`), local-memory cache, `DEBUG` off. "
        f"Client: `bench/load.py`, Python threads on {CONNECTIONS} keep-alive connections "
        f"spread evenly over the workers, each warmed up on every district before anything is "
        f"timed. The client ran on the same machine and used up to {client_cores:.2f} of its "
        f"cores, which the server did not have: absolute rates understate what the server "
        f"alone can do, the ratios much less so. Districts were created by "
        f"`tenants.actions.create_district` (gazetteer codes, then synthetic ones past the "
        f"gazetteer's 210) in databases of their own (`{database.BASE_NAME}_<districts>`), "
        f"kept between runs.",
        "PostgreSQL at the end of each run, with the workers' connections still open. Server "
        "RSS adds up every process of the server, so shared buffers count once per process "
        "that touched them, and other databases on that server are included. The benchmark "
        "backends are the workers' connections; their private memory (USS) holds the "
        "catalogue entries of every schema they served.",
        memory,
        *_notes(measured, options),
    ]
    return "\n\n".join(_wrap(paragraph) for paragraph in paragraphs) + "\n"


def _wrap(paragraph):
    if paragraph.startswith(("|", "- ")):
        return paragraph
    return textwrap.fill(paragraph, width=100, break_on_hyphens=False, break_long_words=False)


def _speed_rows(entry):
    (home, _home_path), (bare, _bare_path) = TARGETS
    summaries = entry["summaries"]
    rows = []
    for label, path in TARGETS:
        figures = summaries[label]
        rows.append(
            [
                entry["population"],
                f"{label} `{path}`",
                f"{figures['rate']:.0f}",
                f"{figures['rate_min']:.0f}–{figures['rate_max']:.0f}",
                f"{figures['p50']:.1f}",
                f"{figures['p99']:.1f}",
                _milliseconds(figures["cpu"].get("workers")),
                _milliseconds(figures["cpu"].get("database")),
            ]
        )

    def ratio(numerator, denominator):
        if not numerator or not denominator:
            return "n/a"
        return f"**{numerator / denominator:.2f}**"

    home_figures, bare_figures = summaries[home], summaries[bare]
    rows.append(
        [
            entry["population"],
            "**ratio home / bare**",
            ratio(home_figures["rate"], bare_figures["rate"]),
            "",
            ratio(home_figures["p50"], bare_figures["p50"]),
            ratio(home_figures["p99"], bare_figures["p99"]),
            *(
                ratio(home_figures["cpu"].get(group), bare_figures["cpu"].get(group))
                for group in ("workers", "database")
            ),
        ]
    )
    return rows


def _memory_row(entry):
    footprint = entry["footprint"]
    return [
        entry["population"],
        _megabytes(footprint["size"]),
        _megabytes(footprint.get("server_rss")),
        footprint.get("backends", "n/a"),
        _megabytes(footprint.get("backends_rss")),
        _megabytes(footprint.get("backends_uss")),
    ]


def _notes(measured, options):
    every = [figures for entry in measured for figures in entry["summaries"].values()]
    notes = []
    failures = sum(figures["failures"] for figures in every)
    reconnects = sum(figures["reconnects"] for figures in every)
    if failures:
        notes.append(f"- {failures} requests failed during the timed rounds and are left out.")
    if reconnects:
        notes.append(f"- The server closed a connection {reconnects} times during the rounds.")
    if any(entry["unbalanced"] for entry in measured):
        notes.append("- The connections could not be spread evenly over the workers.")
    if options.quick:
        notes.append("- A `--quick` run: too few requests for figures worth keeping.")
    return ["\n".join(notes)] if notes else []


def _milliseconds(value):
    return "n/a" if value is None else f"{value:.2f}"


def _megabytes(value):
    return "n/a" if value is None else f"{value / 2**20:,.0f} MB"

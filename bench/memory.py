"""``memory``: PostgreSQL's memory before and after the web workers have served every district's
home page, with connections recycled after CONN_MAX_SCHEMAS districts (ours) and recycled by age
only (CONN_MAX_SCHEMAS=0, as stock django-tenants with persistent connections), in one run.

Each side gets its own gunicorn (the product's stack, as ``bench.page_speed`` serves it) with
fresh workers. *Before* is measured once every worker's connection has served one district;
*after*, once each connection has served every district (each keep-alive connection of the
client stays with one worker, and walks all the districts).
"""

import os
import subprocess
import sys
import time

from . import database, districts, load, machine, report
from .server import Gunicorn

NAME = "memory"
LEVELS = {False: (200, 2000), True: (12,)}
WORKERS = 2
CONNECTIONS = WORKERS
SIDES = (("ours", "50"), ("stock", "0"))
TIME_CAP = 1800


def run(options):
    measured = []
    for level in districts.levels(LEVELS[options.quick]):
        db = database.database_for(level)
        env = {**os.environ, **db.env, "CELERY_BROKER_URL": ""}
        print(f"\n== memory at {level} districts: database {db.name}", flush=True)
        subprocess.run(
            [sys.executable, "-m", "bench.districts", str(level)],
            cwd=database.ROOT,
            env=env,
            check=True,
        )
        hosts = [host for _code, host in districts.plan(level)]
        entry = {"districts": database.district_count(db)}
        for side, limit in SIDES:
            entry[side] = _serve_all(db, {**db.env, "CONN_MAX_SCHEMAS": limit}, hosts, side)
        entry["load"] = os.getloadavg()[0]
        measured.append(entry)
    return report.Section(
        NAME,
        "PostgreSQL's memory after serving every district, connections recycled by districts",
        _body(measured, db),
    )


def _serve_all(db, env, hosts, side):
    with Gunicorn(
        env, workers=WORKERS, probe_host=hosts[0], probe_path="/",
        log_name=f"gunicorn-memory-{side}-{db.name}",
    ) as server:  # fmt: skip
        client = load.LoadClient(server.port, CONNECTIONS, probe_host=hosts[0], probe_path="/")
        try:
            before = database.footprint(db)
            walk = client.run("/", hosts, len(hosts) * CONNECTIONS, TIME_CAP)
            after = database.footprint(db)
        finally:
            client.close()
    if walk.failures:
        raise RuntimeError(f"{walk.failures} requests failed; see {server.log_path}")
    served = len(walk.latencies)
    # The backends' own figures too: a later failure must not lose this side's measurement.
    print(
        f"  {side}: {served} pages; server RSS {_mb(before.get('server_rss'))} -> "
        f"{_mb(after.get('server_rss'))} MB; backends USS {_mb(before.get('backends_uss'))} -> "
        f"{_mb(after.get('backends_uss'))} MB, {_per_connection(after)} MB per connection",
        flush=True,
    )
    return {"before": before, "after": after, "served": served}


def _mb(value):
    return f"{value / 2**20:,.0f}" if value else "n/a"


def _per_connection(footprint):
    """Private memory of one web worker's backend: what each gunicorn thread's connection costs
    the database host, the figure docs/operations.md's sizing multiplies by the connections."""
    count, uss = footprint.get("backends"), footprint.get("backends_uss")
    return f"{uss / count / 2**20:,.1f}" if count and uss else "n/a"


def _ratio(after, before):
    return f"{after / before:.2f}×" if after and before else "n/a"


def _body(measured, db):
    rows = []
    for entry in measured:
        for side, limit in SIDES:
            before, after = entry[side]["before"], entry[side]["after"]
            rows.append(
                [
                    f"{entry['districts']:,}",
                    side,
                    limit if limit != "0" else "none",
                    entry[side]["served"],
                    _mb(before.get("server_rss")),
                    _mb(after.get("server_rss")),
                    _ratio(after.get("server_rss"), before.get("server_rss")),
                    _mb(before.get("backends_uss")),
                    _mb(after.get("backends_uss")),
                    _per_connection(after),
                ]
            )
    return "\n\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on:",
            machine.as_markdown(machine.describe(db)),
            f"gunicorn with {WORKERS} workers of one thread, persistent connections "
            "(CONN_MAX_AGE 300 s); the client's keep-alive connections each walk every "
            "district's home page once. *Server RSS* is every PostgreSQL process of the server "
            "(it also serves other databases on the machine); *backends USS* is the private "
            "memory of the workers' own backends, the part that grows with the districts a "
            "connection has served. *Recycle after* is CONN_MAX_SCHEMAS.",
            report.table(
                [
                    "districts",
                    "side",
                    "recycle after",
                    "pages",
                    "server RSS before MB",
                    "after MB",
                    "after / before",
                    "backends USS before MB",
                    "after MB",
                    "after, per connection MB",
                ],
                rows,
            ),
            "1-minute load average after each level: "
            + "; ".join(f"{e['districts']:,} districts {e['load']:.2f}" for e in measured)
            + ".",
        ]
    )

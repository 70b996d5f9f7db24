"""``opendata``: rebuilding the platform-wide open data at 200 districts of demo-sized data, and
the throughput of a district's budget API, each against a baseline measured in the same run.

- Rebuild: ``district_site.opendata.platform.assemble`` (read every active district's stored
  part, write each dataset as CSV, XLSX and JSON, the districts list, datapackage.json and the
  DCAT catalogue) against copying the same parts' bytes into one file through the same storage,
  the floor any assembly pays. Also the time to write one district's part, which each
  publication pays before the assembly.
- API: ``/api/v1/budget/`` (first page, 100 rows of 69) against the bare view of
  ``bench.urls``, served by gunicorn as in ``bench.page_speed``, requests walking every district.

Districts come from ``bench.districts``; each gets the demo's budget (two years, three published
versions, imported from Excel and published by the real actions) and a few feedback messages,
once: the database ``srok_bench_200`` keeps them between runs. The measuring runs in
subprocesses whose environment selects that database: ``python -m bench.opendata seed 200``,
``python -m bench.opendata rebuild ROUNDS`` (prints one JSON line).
"""

import json
import os
import statistics
import subprocess
import sys
import textwrap
import time

from . import database, districts, load, machine, report
from .page_speed import BARE_PATH
from .server import Gunicorn

NAME = "opendata"
POPULATION = {False: 200, True: 12}
REBUILD_ROUNDS = {False: 7, True: 2}
API_ROUNDS = {False: 7, True: 2}
REQUESTS_PER_ROUND = {False: 1000, True: 100}
ROUND_TIME_CAP = 30.0
API_PATH = "/api/v1/budget/"
TARGETS = (("budget API", API_PATH), ("bare view", BARE_PATH))
WORKERS = 2
CONNECTIONS = 2 * WORKERS


def run(options):
    population = POPULATION[options.quick]
    db = database.database_for(population)
    env = {**os.environ, **db.env, "CELERY_BROKER_URL": ""}
    print(f"\n== open data at {population} districts: database {db.name}", flush=True)
    for command in (
        ["bench.districts", str(population)],
        ["bench.opendata", "seed", str(population)],
    ):
        subprocess.run([sys.executable, "-m", *command], cwd=database.ROOT, env=env, check=True)
    rebuild = _rebuild_figures(env, REBUILD_ROUNDS[options.quick])
    api = _api_figures(db, population, options)
    body = _body(db, population, rebuild, api, options)
    return report.Section(
        NAME, f"Platform-wide open data rebuild and budget API at {population} districts", body
    )


def _rebuild_figures(env, rounds):
    output = subprocess.run(
        [sys.executable, "-m", "bench.opendata", "rebuild", str(rounds)],
        cwd=database.ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    for line in output.splitlines():
        if line.startswith("{"):
            return json.loads(line)
        print(line, flush=True)
    raise RuntimeError("bench.opendata rebuild printed no figures")


def _api_figures(db, population, options):
    hosts = [host for _code, host in districts.plan(population)]
    with Gunicorn(
        db.env, workers=WORKERS, probe_host=hosts[0], probe_path=BARE_PATH,
        log_name=f"gunicorn-opendata-{db.name}",
    ) as server:  # fmt: skip
        try:
            workers = server.worker_pids
        except ImportError:
            workers = []
        client = load.LoadClient(
            server.port, CONNECTIONS, probe_host=hosts[0], probe_path=BARE_PATH,
            watched={"workers": workers},
        )  # fmt: skip
        try:
            for label, path in TARGETS:
                warm = client.run(path, hosts, max(len(hosts), 100) * CONNECTIONS, 180)
                if warm.failures:
                    raise RuntimeError(f"{label} failed while warming up; see {server.log_path}")
            client.watched["database"] = database.backend_pids(db)
            rounds = {label: [] for label, _path in TARGETS}
            for number in range(API_ROUNDS[options.quick]):
                for label, path in TARGETS if number % 2 == 0 else TARGETS[::-1]:
                    result = client.run(
                        path, hosts, REQUESTS_PER_ROUND[options.quick], ROUND_TIME_CAP
                    )
                    rounds[label].append(result)
                    print(f"  round {number + 1} {label}: {result.rate:.0f} req/s", flush=True)
        finally:
            client.close()
    return {label: load.summarize(entries) for label, entries in rounds.items()}


def _body(db, population, rebuild, api, options):
    assemble = statistics.median(rebuild["assemble"])
    copy = statistics.median(rebuild["copy"])
    part = statistics.median(rebuild["parts"])
    rebuild_table = report.table(
        ["step", "median s", "range s", "ratio to copy"],
        [
            [
                f"assemble from {rebuild['districts']} parts",
                f"{assemble:.3f}",
                _range(rebuild["assemble"]),
                f"**{assemble / copy:.1f}**",
            ],
            ["copy the parts' bytes (baseline)", f"{copy:.3f}", _range(rebuild["copy"]), "1.0"],
            ["write one district's part", f"{part:.3f}", _range(rebuild["parts"]), "n/a"],
        ],
    )
    files = report.table(
        ["file", "size"],
        [[name, f"{size / 1024:,.0f} kB"] for name, size in sorted(rebuild["sizes"].items())],
    )
    (api_label, _p), (bare_label, _b) = TARGETS
    api_rows = []
    for label, path in TARGETS:
        figures = api[label]
        api_rows.append(
            [
                f"{label} `{path}`",
                f"{figures['rate']:.0f}",
                f"{figures['rate_min']:.0f}–{figures['rate_max']:.0f}",
                f"{figures['p50']:.1f}",
                f"{figures['p99']:.1f}",
                _ms(figures["cpu"].get("workers")),
                _ms(figures["cpu"].get("database")),
            ]
        )
    ratio = api[api_label]["rate"] / api[bare_label]["rate"] if api[bare_label]["rate"] else 0
    cpu_api, cpu_bare = (api[label]["cpu"].get("workers") for label in (api_label, bare_label))
    database_cpu = api[api_label]["cpu"].get("database")
    api_rows.append(
        [
            "**ratio API / bare**",
            f"**{ratio:.2f}**",
            "",
            f"**{api[api_label]['p50'] / api[bare_label]['p50']:.2f}**",
            f"**{api[api_label]['p99'] / api[bare_label]['p99']:.2f}**",
            f"**{cpu_api / cpu_bare:.2f}**" if cpu_api and cpu_bare else "n/a",
            "n/a" if database_cpu is None else "",
        ]
    )
    api_table = report.table(
        [
            "view",
            "req/s",
            "req/s range",
            "p50 ms",
            "p99 ms",
            "worker CPU ms/req",
            "PostgreSQL CPU ms/req",
        ],
        api_rows,
    )
    paragraphs = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} on:",
        machine.as_markdown(machine.describe(db)),
        f"{population} districts, each with the demo's budget (2025 planned then corrected with "
        f"execution, 2026 planned: three published versions, 69 budget lines and 276 execution "
        f"rows in all) and feedback. Rebuilding the platform-wide open data: "
        f"`platform.assemble()` reads the {rebuild['districts']} stored parts and writes every "
        f"dataset as CSV, XLSX and JSON, the districts list, datapackage.json and the DCAT "
        f"catalogue, against a baseline that reads the same parts and writes their bytes, "
        f"concatenated, to one file through the same storage. Medians of "
        f"{len(rebuild['assemble'])} interleaved rounds; media on the local file system.",
        rebuild_table,
        "The files one assembly writes:",
        files,
        f"The budget API's first page on each district's host against the bare view, through the "
        f"same stack (gunicorn, {WORKERS} gthread workers of one thread, {CONNECTIONS} keep-alive "
        f"connections from `bench/load.py` on the same machine), requests walking all "
        f"{population} districts. Medians of {API_ROUNDS[options.quick]} rounds of "
        f"{REQUESTS_PER_ROUND[options.quick]:,} requests per view, alternating; every connection "
        f"warmed up on every district first.",
        api_table,
        "The API's page is built from the frozen versions at each request (three queries: the "
        "licence, the last publication, the versions' lines); the bare view makes none, so the "
        "API's PostgreSQL CPU has no ratio. Ratios are API / bare view.",
    ]
    if options.quick:
        paragraphs.append("- A `--quick` run: too few districts and requests for figures to keep.")
    return "\n\n".join(_wrap(paragraph) for paragraph in paragraphs) + "\n"


def _range(values):
    return f"{min(values):.3f}–{max(values):.3f}"


def _ms(value):
    return "n/a" if value is None else f"{value:.2f}"


def _wrap(paragraph):
    if paragraph.startswith(("|", "- ")):
        return paragraph
    return textwrap.fill(paragraph, width=100, break_on_hyphens=False, break_long_words=False)


# --- in the subprocess (Django set up on the benchmark's database) -------------------------


def seed(population):
    """Give every district without a published budget the demo's budget and some feedback,
    and store its part of the platform-wide open data."""
    from django.db import connection
    from django_tenants.utils import tenant_context

    from district_site.budget.demo import seed as seed_demo_budget
    from district_site.budget.models import BudgetVersion
    from district_site.core.signals import content_published
    from district_site.feedback import actions as feedback_actions
    from district_site.opendata import platform
    from tenants.models import District

    # Parts are written once per district below, not assembled after each of the 600
    # publications, which would only slow the seeding down.
    content_published.disconnect(dispatch_uid="opendata-rebuild")
    codes = [code for code, _host in districts.plan(population)]
    pending = []
    for district in District.objects.filter(code__in=codes).order_by("code"):
        with tenant_context(district):
            if not BudgetVersion.objects.exists():
                pending.append(district)
    print(f"  seeding {len(pending)} of {len(codes)} districts with the demo's data", flush=True)
    for number, district in enumerate(pending, 1):
        seed_demo_budget(district)
        with tenant_context(district):
            for category in ("budget", "service", "project", "other", "service"):
                message = feedback_actions.receive_feedback(category=category, message="bench")
                if category == "service":
                    feedback_actions.answer_feedback(message, reply="ok", publish=True, actor=None)
            platform.write_district_part()
        connection.set_schema_to_public()
        if number % 20 == 0:
            print(f"  {number}/{len(pending)} seeded", flush=True)


def measure_rebuild(rounds):
    from django_tenants.utils import tenant_context

    from district_site.opendata import platform
    from tenants.models import District
    from tenants.storage import public_area_storage

    active = list(District.objects.filter(status=District.Status.ACTIVE).order_by("code"))
    storage = public_area_storage()
    parts = []
    for district in active[: max(rounds, 5)]:
        with tenant_context(district):
            started = time.perf_counter()
            platform.write_district_part()
            parts.append(time.perf_counter() - started)

    def copy():
        chunks = []
        for district in active:
            with storage.open(platform.part_name(district.code), "rb") as handle:
                chunks.append(handle.read())
        platform.replace_file(storage, "open-data/bench-copy.bin", b"\n".join(chunks))

    def assemble():
        with tenant_context(active[0]):
            platform.assemble()

    figures = {"assemble": [], "copy": []}
    assemble()  # untimed: the first run creates the files
    for number in range(rounds):
        for name, step in (("assemble", assemble), ("copy", copy))[:: 1 if number % 2 else -1]:
            started = time.perf_counter()
            step()
            figures[name].append(time.perf_counter() - started)
        print(f"  round {number + 1}: assemble {figures['assemble'][-1]:.3f} s", flush=True)
    storage.delete("open-data/bench-copy.bin")
    sizes = {}
    for name in storage.listdir("open-data")[1]:
        sizes[name] = storage.size(f"open-data/{name}")
    print(json.dumps({**figures, "parts": parts, "districts": len(active), "sizes": sizes}))


def main(argv):
    import django

    django.setup()
    import logging

    logging.getLogger("tenants.actions").setLevel(logging.WARNING)
    if argv[0] == "seed":
        seed(int(argv[1]))
    elif argv[0] == "rebuild":
        measure_rebuild(int(argv[1]))
    else:
        raise SystemExit(f"unknown step {argv[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])

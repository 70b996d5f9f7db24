"""``budget``: importing a 5,000-line budget workbook, and the citizen budget page that shows
it, each against a baseline measured in the same run.

Import: the whole ``district_site.budget.actions.import_budget`` (size checks, openpyxl's
read-only parse, every cell checked against the district's code lists, the old draft deleted and
5,000 lines written in one transaction) against openpyxl merely opening the same file read-only
and reading every cell: the floor any import of that file pays. Time and peak Python memory
(tracemalloc, in separate runs, since tracing slows the code it watches).

Page: the budget year page (``/budget/<year>/``, in Khmer) of that budget, published, with its
execution report, served by gunicorn: from the page cache, and without it (a query string makes
``cached_page`` pass the request through, so the view computes every figure and chart from the
5,000 frozen lines each time), against the bare view of ``bench.urls`` through the same stack.

The measuring of the import runs in a subprocess (``python -m bench.budget measure``) whose
environment selects the benchmark's database, as for the other benchmarks; it prints one JSON
line.
"""

import io
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

NAME = "budget"
YEAR = 2025
LINES = 5000
REVENUE_LINES = 250
# Full run / --quick run.
IMPORT_ROUNDS = {False: 7, True: 2}
PAGE_ROUNDS = {False: 7, True: 2}
WORKERS = 2
CONNECTIONS = 2 * WORKERS
ROUND_TIME_CAP = 30.0
PAGE_PATH = f"/budget/{YEAR}/"
# (label, path, requests per round in a full run, in a --quick run)
TARGETS = (
    ("budget page, cached", PAGE_PATH, 2000, 100),
    ("budget page, uncached", f"{PAGE_PATH}?uncached=1", 200, 20),
    ("bare view", BARE_PATH, 2000, 100),
)
WARMUP_REQUESTS = 40


def run(options):
    db = database.database_for("budget")
    env = {**os.environ, **db.env}
    print(f"\n== budget: database {db.name}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "bench.districts", "1"], cwd=database.ROOT, env=env, check=True
    )
    command = [sys.executable, "-m", "bench.budget", "measure"]
    if options.quick:
        command.append("--quick")
    imported = None
    with subprocess.Popen(
        command, cwd=database.ROOT, env=env, stdout=subprocess.PIPE, text=True
    ) as proc:
        for line in proc.stdout:
            if line.startswith("{"):
                imported = json.loads(line)
            else:
                print(line, end="", flush=True)
    if proc.returncode or imported is None:
        raise SystemExit(f"bench.budget measure failed with exit status {proc.returncode}")
    pages = _measure_pages(db, options)
    return report.Section(
        NAME,
        "Budget: importing a 5,000-line workbook, and the citizen budget page that shows it",
        _body(db, imported, pages, options),
    )


# --- the page, under gunicorn -----------------------------------------------------------------


def _measure_pages(db, options):
    host = districts.plan(1)[0][1]
    gunicorn = Gunicorn(
        db.env, workers=WORKERS, probe_host=host, probe_path=BARE_PATH, log_name="gunicorn-budget"
    )
    with gunicorn as server:
        try:
            pids = server.worker_pids
        except ImportError:
            pids = []
        client = load.LoadClient(
            server.port,
            CONNECTIONS,
            probe_host=host,
            probe_path=BARE_PATH,
            watched={"workers": pids},
        )
        try:
            for label, path, _full, _quick in TARGETS:
                result = client.run(path, [host], WARMUP_REQUESTS, ROUND_TIME_CAP * 4)
                if result.failures:
                    raise RuntimeError(f"{label} failed while warming up; see {server.log_path}")
            client.watched["database"] = database.backend_pids(db)
            rounds = {label: [] for label, *_rest in TARGETS}
            for number in range(PAGE_ROUNDS[options.quick]):
                order = TARGETS if number % 2 == 0 else TARGETS[::-1]
                for label, path, full, quick in order:
                    result = client.run(
                        path, [host], quick if options.quick else full, ROUND_TIME_CAP
                    )
                    rounds[label].append(result)
                    print(
                        f"  round {number + 1} {label}: {result.rate:.1f} req/s, "
                        f"p50 {result.percentile(0.5) * 1000:.1f} ms",
                        flush=True,
                    )
        finally:
            client.close()
    return {label: load.summarize(entries) for label, entries in rounds.items()}


# --- the import, in a subprocess --------------------------------------------------------------


def budget_lines(count=LINES, revenue=REVENUE_LINES):
    """``count`` synthetic lines, each with its own key, spread over every sub-programme, chapter,
    sector and source of the shipped code lists, half of them with two quarters executed."""
    from district_site.budget.models import Code

    codes = {kind: list(Code.objects.filter(kind=kind)) for kind in Code.Kind.values}
    subs = [c.code for c in codes["programme"] if c.parent]
    economic = {
        direction: [c.code for c in codes["economic"] if c.direction == direction]
        for direction in ("revenue", "expenditure")
    }
    sectors = [c.code for c in codes["sector"]]
    sources = [c.code for c in codes["source"]]
    lines = []
    for number in range(count):
        planned = 1_000_000 * (1 + number % 97)
        line = {
            "source": sources[number % len(sources)],
            "name_km": f"បន្ទាត់ថវិកាលេខ {number + 1}",
            "name_en": f"Budget line {number + 1}",
            "planned": planned,
            "revised": planned + 500_000 if number % 9 == 0 else None,
            "q1": planned // 4 if number % 2 else 0,
            "q2": planned // 5 if number % 2 else 0,
        }
        if number < revenue:
            line.update(direction="revenue", economic=economic["revenue"][number % 4])
        else:
            line.update(
                direction="expenditure",
                subprogramme=subs[number % len(subs)],
                activity=f"ចង្កោម {number % 40}",
                economic=economic["expenditure"][number % len(economic["expenditure"])],
                sector=sectors[number % len(sectors)],
            )
        lines.append(line)
    return lines


def _openpyxl_read(data):
    """The baseline: open the file as the import does and read every cell of every sheet."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += len(row)
    wb.close()
    return cells


def measure(quick):
    import tracemalloc

    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile
    from django_tenants.utils import tenant_context

    from district_site.budget import actions
    from district_site.budget.importer import build_template
    from tenants.models import District

    district = District.objects.exclude(schema_name="public").order_by("pk").first()
    with tenant_context(district):
        actions.load_classifications()
        budget = actions.open_budget(YEAR, actor="bench")
        lines = budget_lines()
        data = build_template(year=YEAR, district_code=district.code, lines=lines)
        print(f"  workbook: {LINES:,} lines, {len(data):,} bytes", flush=True)

        def do_import():
            return actions.import_budget(
                budget, ContentFile(data, name="bench.xlsx"), actor="bench"
            )

        # Once untimed each: imports, caches and the database's plans are warm for both.
        assert do_import() == LINES
        _openpyxl_read(data)
        times = {"import": [], "openpyxl": []}
        cpu = {"import": [], "openpyxl": []}
        for number in range(IMPORT_ROUNDS[quick]):
            kinds = (("import", do_import), ("openpyxl", lambda: _openpyxl_read(data)))
            for kind, action in kinds if number % 2 == 0 else kinds[::-1]:
                started, cpu_started = time.perf_counter(), time.process_time()
                action()
                times[kind].append(time.perf_counter() - started)
                cpu[kind].append(time.process_time() - cpu_started)
            print(
                f"  round {number + 1}: import {times['import'][-1]:.2f} s, "
                f"openpyxl {times['openpyxl'][-1]:.2f} s",
                flush=True,
            )
        peaks = {}
        for kind, action in (("import", do_import), ("openpyxl", lambda: _openpyxl_read(data))):
            tracemalloc.start()
            action()
            peaks[kind] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        # The page the second half measures: this budget published, with its execution report.
        for publish in (
            lambda: actions.publish_budget(budget, actor="bench"),
            lambda: actions.publish_execution(budget, 2, actor="bench"),
        ):
            try:
                publish()
            except ValidationError:
                pass  # published by an earlier run: nothing changed
    print(
        json.dumps(
            {
                "bytes": len(data),
                "times": times,
                "cpu": cpu,
                "peaks": peaks,
            }
        ),
        flush=True,
    )


# --- the report -------------------------------------------------------------------------------


def _body(db, imported, pages, options):
    times, cpu, peaks = imported["times"], imported["cpu"], imported["peaks"]
    median = {kind: statistics.median(values) for kind, values in times.items()}
    cpu_median = {kind: statistics.median(values) for kind, values in cpu.items()}
    import_table = report.table(
        ["", "p50 s", "range s", "CPU s", "peak Python memory"],
        [
            *(
                [
                    label,
                    f"{median[kind]:.2f}",
                    f"{min(times[kind]):.2f}–{max(times[kind]):.2f}",
                    f"{cpu_median[kind]:.2f}",
                    f"{peaks[kind] / 2**20:.1f} MB",
                ]
                for kind, label in (
                    ("import", "`import_budget`"),
                    ("openpyxl", "openpyxl reading every cell"),
                )
            ),
            [
                "**ratio import / openpyxl**",
                f"**{median['import'] / median['openpyxl']:.2f}**",
                "",
                f"**{cpu_median['import'] / cpu_median['openpyxl']:.2f}**",
                f"**{peaks['import'] / peaks['openpyxl']:.2f}**",
            ],
        ],
    )
    bare = pages["bare view"]
    rows = []
    for label, path, _full, _quick in TARGETS:
        figures = pages[label]
        rows.append(
            [
                f"{label} `{path}`",
                f"{figures['rate']:.1f}",
                f"{figures['rate_min']:.1f}–{figures['rate_max']:.1f}",
                f"{figures['p50']:.1f}",
                f"{figures['p99']:.1f}",
                _ms(figures["cpu"].get("workers")),
                _ms(figures["cpu"].get("database")),
                f"{bare['rate'] / figures['rate']:.1f}" if figures["rate"] else "n/a",
            ]
        )
    page_table = report.table(
        [
            "view",
            "req/s",
            "req/s range",
            "p50 ms",
            "p99 ms",
            "worker CPU ms/req",
            "PostgreSQL CPU ms/req",
            "bare req/s ÷ this",
        ],
        rows,
    )
    body_bytes = pages["budget page, uncached"]["body"]
    paragraphs = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on:",
        machine.as_markdown(machine.describe(db)),
        f"**Import.** A workbook made by the app's own template for one district "
        f"({LINES:,} lines: {REVENUE_LINES} revenue, {LINES - REVENUE_LINES:,} expenditure over "
        f"every code of the shipped lists; {imported['bytes']:,} bytes), imported by "
        f"`actions.import_budget` as the console does, against openpyxl opening the same file "
        f"read-only and reading every cell. Medians of {len(times['import'])} rounds of each, "
        f"interleaved, after one untimed round of each; the range is the fastest and slowest "
        f"round. Peak memory is tracemalloc's peak of Python allocations during one more run "
        f"of each, traced separately (tracing slows the code it watches).",
        import_table,
        f"**Citizen page.** The budget year page of that budget (`{PAGE_PATH}`, Khmer, "
        f"{body_bytes:,.0f} bytes of HTML), published with its execution report, served by "
        f"gunicorn ({WORKERS} gthread workers, one thread each, `DEBUG` off, local-memory "
        f"cache) to {CONNECTIONS} keep-alive connections of `bench/load.py` on the same "
        f"machine. *Cached* is a repeat reader's request answered from the page cache; "
        f"*uncached* carries a query string, which `cached_page` passes through, so the view "
        f"reads the frozen version and the execution report and computes every total, chart "
        f"and comparison each time. Both against the bare view of `bench.urls` through the "
        f"same middleware. Medians of {PAGE_ROUNDS[options.quick]} rounds per view, the views "
        f"alternating; CPU time is what the workers and the PostgreSQL backends serving them "
        f"spent per request, which other work on the shared machine disturbs less than the "
        f"rates. The last column is how many bare requests the server answers in the time of "
        f"one of that view.",
        page_table,
    ]
    if options.quick:
        paragraphs.append("- A `--quick` run: too few rounds for figures worth keeping.")
    return "\n\n".join(_wrap(paragraph) for paragraph in paragraphs) + "\n"


def _ms(value):
    return "n/a" if value is None else f"{value:.2f}"


def _wrap(paragraph):
    if paragraph.startswith(("|", "- ")):
        return paragraph
    return textwrap.fill(paragraph, width=100, break_on_hyphens=False, break_long_words=False)


if __name__ == "__main__":
    if sys.argv[1:2] == ["measure"]:
        measure("--quick" in sys.argv)
    else:
        sys.exit("usage: python -m bench.budget measure [--quick]")

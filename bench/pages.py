"""``pages``: every type of citizen page, from the page cache, without it, and right after a
publication, each against the bare view measured in the same run (issue 15).

Three ways a reader meets a page:

- cached: the page cache serves it (``district_site.core.page_cache.cached_page``);
- uncached: a query string the page does not read (``?uncached=1``) makes the page cache pass
  the request through, as for a filtered list, a search or a link shared with a tracking
  parameter: the page is rendered, with what is kept per publication (``page_cache.memo``:
  the profile, the menu, the home page's sections, a budget year's figures) already there;
- after publishing: ``/bench/cold/<path>`` (bench.urls only) replaces the district's content
  version first, as any publication does, so nothing kept for the district serves: the first
  reader after each publication pays this.

One district with every app's demo content, an answered question and a 5,000-line budget
(``bench.budget.budget_lines``, published with an execution report) whose year's pages are the
budget pages measured. Served by gunicorn as in ``bench.page_speed`` (2 workers, 4 keep-alive
connections from ``bench.load``); the ratio page / bare view is the figure that carries from
one machine, or one load of a shared machine, to another.
"""

import json
import os
import subprocess
import sys
import textwrap
import time
from urllib.parse import quote

from . import database, districts, load, machine, report
from .page_speed import BARE_PATH
from .server import Gunicorn

NAME = "pages"
COLD_PREFIX = "/bench/cold"
BUDGET_YEAR = 2023
WORKERS = 2
CONNECTIONS = 2 * WORKERS
# Full run / --quick run.
ROUNDS = {False: 2, True: 1}
# Requests per round: (cached, uncached, after publishing, bare view).
REQUESTS = {False: (300, 150, 30, 1000), True: (40, 20, 8, 100)}
# Per page and way, so that 23 pages measured three ways stay within half an hour on a busy
# machine; a capped run is a smaller sample, not a wrong rate.
ROUND_TIME_CAP = 8.0
# Every request comes from one address: the limits meant for one citizen (search, tracking
# codes) would answer 429 after a few dozen. Raised for the benchmark only.
UNLIMITED = {
    "RATE_LIMIT_SEARCH_PER_MINUTE": "100000000",
    "RATE_LIMIT_TRACKING_PER_10_MINUTES": "100000000",
    "RATE_LIMIT_OPEN_DATA_PER_MINUTE": "100000000",
}
WARMUP_REQUESTS = 8
# Left out: the forum's minutes answer with a redirect to the stored file (no page), robots.txt
# and the feeds are plain text built from the same lists as the pages measured.
PAGES = [
    "/",
    "/en/",
    "/p/about/",
    "/council/",
    "/news/",
    "/news/{news_post}/",
    "/services/",
    "/budget/",
    "/budget/{budget_year}/",
    "/budget/{budget_year}/programme/{programme}/",
    "/budget/{budget_year}/versions/",
    "/projects/",
    "/projects/{project}/",
    "/projects/map/",
    "/documents/",
    "/forums/",
    "/forums/{forum}/",
    "/feedback/",
    "/feedback/track/{tracking_code}/",
    "/feedback/answers/",
    "/search/?q=" + quote("អូរជ្រៅ"),
    "/open-data/",
    "/sitemap.xml",
]


def run(options):
    db = database.database_for(NAME)
    env = {**os.environ, **db.env}
    print(f"\n== pages: database {db.name}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "bench.districts", "1"], cwd=database.ROOT, env=env, check=True
    )
    seeded = subprocess.run(
        [sys.executable, "-m", "bench.pages", "seed"],
        cwd=database.ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    values = json.loads(seeded.stdout.strip().splitlines()[-1])
    paths = [page.format(**values) for page in PAGES]
    measured = _measure(db, paths, options)
    return report.Section(
        NAME,
        "Every citizen page: cached, uncached and right after a publication, against a bare view",
        _body(db, measured, options),
    )


def _variants(path):
    """(cached, uncached, after publishing) paths of a page."""
    joiner = "&" if "?" in path else "?"
    return path, f"{path}{joiner}uncached=1", f"{COLD_PREFIX}{path}"


def _measure(db, paths, options):
    host = districts.plan(1)[0][1]
    gunicorn = Gunicorn(
        {**db.env, **UNLIMITED},
        workers=WORKERS,
        probe_host=host,
        probe_path=BARE_PATH,
        log_name="gunicorn-pages",
    )
    counts = REQUESTS[options.quick]
    rounds = {path: {kind: [] for kind in ("cached", "uncached", "cold")} for path in paths}
    bare = []
    with gunicorn as server:
        try:
            pids = server.worker_pids
        except ImportError:
            pids = []
        client = load.LoadClient(
            server.port, CONNECTIONS, probe_host=host, probe_path=BARE_PATH,
            watched={"workers": pids},
        )  # fmt: skip
        try:
            for path in paths:
                for variant in _variants(path):
                    result = client.run(variant, [host], WARMUP_REQUESTS, ROUND_TIME_CAP * 8)
                    if result.failures:
                        raise RuntimeError(f"{variant} failed; see {server.log_path}")
            client.watched["database"] = database.backend_pids(db)
            for number in range(ROUNDS[options.quick]):
                bare.append(client.run(BARE_PATH, [host], counts[3], ROUND_TIME_CAP))
                print(f"  round {number + 1} bare view: {bare[-1].rate:.0f} req/s", flush=True)
                for path in paths:
                    line = f"  round {number + 1} {path}:"
                    for kind, variant, requests in zip(
                        ("cached", "uncached", "cold"), _variants(path), counts, strict=False
                    ):
                        result = client.run(variant, [host], requests, ROUND_TIME_CAP)
                        rounds[path][kind].append(result)
                        line += f" {kind} {result.rate:.0f} req/s"
                    print(line, flush=True)
            bare.append(client.run(BARE_PATH, [host], counts[3], ROUND_TIME_CAP))
        finally:
            client.close()
    return {
        "bare": load.summarize(bare),
        "pages": {
            path: {kind: load.summarize(entries) for kind, entries in kinds.items()}
            for path, kinds in rounds.items()
        },
    }


def _body(db, measured, options):
    bare = measured["bare"]

    def ratio(figures):
        return f"**{figures['rate'] / bare['rate']:.3f}**" if bare["rate"] else "n/a"

    def cpu(*rounds, group="workers"):
        values = [figures["cpu"].get(group) for figures in rounds]
        return " / ".join("n/a" if value is None else f"{value:.1f}" for value in values)

    rows = [[f"bare view `{BARE_PATH}`", f"{bare['rate']:.0f}", "1", "", "", "", "", "", "",
             cpu(bare), cpu(bare, group="database")]]  # fmt: skip
    for path, kinds in measured["pages"].items():
        cached, uncached, cold = kinds["cached"], kinds["uncached"], kinds["cold"]
        rows.append(
            [
                f"`{path}`",
                f"{cached['rate']:.0f}",
                ratio(cached),
                f"{uncached['rate']:.0f}",
                ratio(uncached),
                f"{uncached['p50']:.1f}",
                f"{cold['rate']:.0f}",
                ratio(cold),
                f"{cold['p50']:.1f}",
                cpu(cached, uncached, cold),
                cpu(cached, uncached, cold, group="database"),
            ]
        )
    table = report.table(
        [
            "page",
            "cached req/s",
            "÷ bare",
            "uncached req/s",
            "÷ bare",
            "uncached p50 ms",
            "after publishing req/s",
            "÷ bare",
            "after publishing p50 ms",
            "worker CPU ms/req: cached / uncached / after publishing",
            "PostgreSQL CPU ms/req, the same",
        ],
        rows,
    )
    failures = sum(
        figures["failures"] for kinds in measured["pages"].values() for figures in kinds.values()
    )
    paragraphs = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} on:",
        machine.as_markdown(machine.describe(db)),
        "Every type of citizen page of one district (every app's demo content, an answered "
        f"question, and a 5,000-line budget for {BUDGET_YEAR}, published with an execution "
        "report: its year, programme and versions pages are the budget pages below), in Khmer "
        "but for `/en/`. **Cached**: served by the page cache. **Uncached**: with a query "
        "string the page does not read, so the page cache passes it through, as for a "
        "filtered list, a search or a link shared with a tracking parameter; what is kept per "
        "publication (`page_cache.memo`) serves. **After publishing**: the district's content "
        "version replaced before each request, as a publication does, so nothing kept for the "
        "district serves: what the first reader after each publication costs "
        "(`/bench/cold/<path>`, only in `bench.urls`).",
        "**The machine is shared** with other work while this runs: absolute rates are low and "
        "move from round to round. The ratio to the bare view (a view that returns \"ok\" "
        "through the same middleware, measured in the same run) is the figure to compare. "
        f"Medians of {ROUNDS[options.quick]} rounds; each round asks {REQUESTS[options.quick][0]} "
        f"cached, {REQUESTS[options.quick][1]} uncached and {REQUESTS[options.quick][2]} "
        "after-publishing requests of each page, the bare view before the first page and "
        f"after the last round. gunicorn with {WORKERS} gthread workers of one thread each, "
        f"{CONNECTIONS} keep-alive connections from `bench/load.py` on the same machine, "
        "local-memory cache, `DEBUG` off. Every request comes from one address, so the "
        "per-address limits of search and tracking codes are raised for the run. CPU per "
        "request is what the two gunicorn workers, and the PostgreSQL backends serving them, "
        "spent: other work on the machine disturbs it far less than the rates, so on a busy "
        "machine it is the figure to read (for the bare view: its own).",
        table,
    ]
    if failures:
        paragraphs.append(f"- {failures} requests failed and are left out.")
    if options.quick:
        paragraphs.append("- A `--quick` run: too few requests for figures worth keeping.")
    return "\n\n".join(_wrap(paragraph) for paragraph in paragraphs) + "\n"


def _wrap(paragraph):
    if paragraph.startswith(("|", "- ")):
        return paragraph
    return textwrap.fill(paragraph, width=100, break_on_hyphens=False, break_long_words=False)


# --- the content, in a subprocess -------------------------------------------------------------


def seed():
    """Every app's demo content, an answered question and the 5,000-line budget, once (a second
    run finds them and adds nothing); prints the pages' placeholders as one JSON line."""
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile
    from django_tenants.utils import tenant_context

    from district_site.budget import actions as budget_actions
    from district_site.budget.importer import build_template
    from district_site.budget.models import Budget
    from district_site.core import contributions
    from district_site.feedback import actions as feedback_actions
    from district_site.feedback.models import Feedback
    from district_site.forums.models import Forum
    from district_site.news.models import NewsPost
    from district_site.projects.models import Project
    from tenants.models import District

    from .budget import budget_lines

    district = District.objects.exclude(schema_name="public").order_by("pk").first()
    contributions.seed_demo(district)
    with tenant_context(district):
        feedback = Feedback.objects.filter(reply_published=True).first()
        if feedback is None:
            feedback = feedback_actions.receive_feedback(
                category="service", message="ការិយាល័យបើកម៉ោងប៉ុន្មាន?"
            )
            feedback_actions.answer_feedback(
                feedback, reply="ម៉ោង ៧:៣០ ព្រឹក។", publish=True, actor=None
            )
        if not Budget.objects.filter(year=BUDGET_YEAR, versions__isnull=False).exists():
            budget_actions.load_classifications()
            budget = budget_actions.open_budget(BUDGET_YEAR, actor="bench")
            data = build_template(
                year=BUDGET_YEAR, district_code=district.code, lines=budget_lines()
            )
            upload = ContentFile(data, name="bench.xlsx")
            budget_actions.import_budget(budget, upload, actor="bench")
            for publish in (
                lambda: budget_actions.publish_budget(budget, actor="bench"),
                lambda: budget_actions.publish_execution(budget, 2, actor="bench"),
            ):
                try:
                    publish()
                except ValidationError:
                    pass
        budget = Budget.objects.get(year=BUDGET_YEAR)
        programme = sorted(
            {line["programme"] for line in budget.latest_version.lines if line.get("programme")}
        )[0]
        values = {
            "news_post": NewsPost.objects.visible().first().pk,
            "budget_year": BUDGET_YEAR,
            "programme": programme,
            "project": Project.objects.visible().first().code,
            "forum": Forum.objects.visible().first().pk,
            "tracking_code": feedback.tracking_code,
        }
    print(json.dumps(values), flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["seed"]:
        seed()
    else:
        sys.exit("usage: python -m bench.pages seed")

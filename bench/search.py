"""``search``: recall of Khmer search, measured through the real index: real village names of
the NCDD gazetteer inside Khmer sentences (a citizen types the name; the post about it must be
found), and variant spellings (district_site.search.recall: the common ones chosen by hand, and
the same kinds made from real village names), each beside the baseline of the normalisation
before this one (NFC and zero-width characters only), computed on the same pairs.

Runs in the first district of the benchmark database of 2 districts (bench.districts), inside a
transaction rolled back at the end: nothing it writes is kept. The measuring runs in a
subprocess whose environment selects that database: ``python -m bench.search measure`` (prints
one JSON line).
"""

import json
import os
import subprocess
import sys
import textwrap
import time

from . import database, machine, report

NAME = "search"
POPULATION = 2
VILLAGES = {False: 200, True: 40}


def run(options):
    db = database.database_for(POPULATION)
    env = {**os.environ, **db.env, "CELERY_BROKER_URL": ""}
    print(f"\n== search recall: database {db.name}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "bench.districts", str(POPULATION)],
        cwd=database.ROOT,
        env=env,
        check=True,
    )
    output = subprocess.run(
        [sys.executable, "-m", "bench.search", "measure", str(VILLAGES[options.quick])],
        cwd=database.ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    figures = next(json.loads(line) for line in output.splitlines() if line.startswith("{"))
    return report.Section(NAME, "Khmer search recall", _body(db, figures))


def _percent(found, tried):
    return f"{found / tried:.1%} ({found}/{tried})" if tried else "n/a"


def _body(db, figures):
    villages = figures["villages"]
    rows = [
        [
            f"{villages['tried']} real village names inside Khmer sentences",
            _percent(villages["found"], villages["tried"]),
            _percent(villages["previous"], villages["tried"]),
        ]
    ]
    for label in ("common", "village variants"):
        now, before = figures[label]["now"], figures[label]["previous"]
        for kind in sorted(now):
            rows.append([f"{label}: {kind}", _percent(*now[kind]), _percent(*before[kind])])
        found = sum(f for f, _t in now.values())
        tried = sum(t for _f, t in now.values())
        found_before = sum(f for f, _t in before.values())
        rows.append(
            [f"**{label}, all**", f"**{_percent(found, tried)}**", _percent(found_before, tried)]
        )
    paragraphs = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} on:",
        machine.as_markdown(machine.describe(db)),
        "Recall: the share of searches that find the post holding what was searched for, "
        "through `district_site.search.index` on PostgreSQL (the real index). Variant pairs "
        "(`district_site/search/recall.py`) are measured both ways: the text in one spelling "
        "and the search in the other, then the other way round. The baseline is the "
        "normalisation before the one in `district_site/search/text.py` (Unicode NFC and "
        "zero-width spaces and joiners removed, nothing else), on the same pairs and the same "
        "term scheme.",
        report.table(["searched", "recall", "baseline (previous normalisation)"], rows),
    ]
    return "\n\n".join(_wrap(paragraph) for paragraph in paragraphs) + "\n"


def _wrap(paragraph):
    if paragraph.startswith(("|", "-")):
        return paragraph
    return textwrap.fill(paragraph, 100)


def measure(village_count):
    from django.db import transaction
    from django_tenants.utils import tenant_context

    from district_site.news.models import NewsPost
    from district_site.revisions import actions as revisions
    from district_site.search import index
    from tenants.gazetteer.models import AdministrativeUnit
    from tenants.models import District

    from . import recall

    district = District.objects.order_by("code").first()
    names = sorted(
        set(AdministrativeUnit.objects.filter(level="village").values_list("name_km", flat=True))
    )
    names = [name for name in names if len(name) >= 3]
    sample = names[:: max(1, len(names) // village_count)][:village_count]
    figures = {}
    with tenant_context(district), transaction.atomic():
        from datetime import timedelta

        from django.utils import timezone, translation

        when = timezone.now() - timedelta(hours=1)
        urls = {}
        for number, name in enumerate(sample):
            post = NewsPost(
                title_km=f"ព័ត៌មានលេខ {number}",
                body_km=recall.SENTENCE.format(text=name),
                is_published=True,
                publish_at=when,
            )
            revisions.create(post, actor="bench", announce=False)
            with translation.override("km"):
                urls[name] = post.get_absolute_url()
        found = sum(
            urls[name] in {r.url for r in index.search(name, "km", limit=len(sample))}
            for name in sample
        )
        previous = recall.previous_recall([("village", name, name) for name in sample])
        figures["villages"] = {
            "tried": len(sample),
            "found": found,
            "previous": previous["village"][0] // 2,
        }
        transaction.set_rollback(True)
    for label, pairs in (
        ("common", recall.COMMON),
        ("village variants", recall.village_variants(names[:: max(1, len(names) // 300)])),
    ):
        with tenant_context(district), transaction.atomic():
            figures[label] = {
                "now": recall.measure(pairs),
                "previous": recall.previous_recall(pairs),
            }
            transaction.set_rollback(True)
    print(json.dumps(figures, ensure_ascii=False), flush=True)


def main(argv):
    import django

    django.setup()
    import logging

    logging.getLogger("tenants.actions").setLevel(logging.WARNING)
    if argv[0] == "measure":
        measure(int(argv[1]))


if __name__ == "__main__":
    main(sys.argv[1:])

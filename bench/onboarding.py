"""``onboarding``: how long a provincial admin waits for a new district, at 10, 500 and 2,000
districts already on the platform, against stock django-tenants creation in the same run.

Ours is the whole ``tenants.actions.onboard_district`` (schema copied from the template,
domains, default pages, search index, first officer, audit row, invitation e-mail). Stock is a
District row plus django-tenants' own ``create_schema``, which runs every tenant migration for
the new schema, plus the same domain rows: what the platform would pay without the template.

The measuring runs in a subprocess (``python -m bench.onboarding LEVEL ...``) whose environment
selects the benchmark's database, as for the other benchmarks; it prints one JSON line per level.
"""

import json
import logging
import os
import statistics
import subprocess
import sys
import time

from . import machine, report
from .database import ROOT, database_for, footprint

LEVELS = (10, 500, 2000)
QUICK_LEVELS = (10, 40)
OURS_PER_LEVEL = 25
STOCK_PER_LEVEL = 6
# Codes far above any that bench.districts.plan() gives out, so measured districts never
# collide with the population it creates.
OURS_FROM, STOCK_FROM, SCHEMA_ONLY_FROM = 40_000, 44_000, 42_000
TARGET_SECONDS = 0.3


def run(options):
    """Each level in a database of its own (kept between runs), so every run measures at
    exactly 10, 500 and 2,000 districts: the measured districts are removed again afterwards."""
    levels = QUICK_LEVELS if options.quick else LEVELS
    measured = []
    for level in levels:
        database = database_for(f"onboarding_{level}")
        env = {
            **os.environ,
            **database.env,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        command = [sys.executable, "-m", "bench.onboarding", str(level)]
        if options.quick:
            command.append("--quick")
        with subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        ) as proc:
            for line in proc.stdout:
                if line.startswith("{"):
                    measured.append(json.loads(line))
                else:
                    print(line, end="", flush=True)
        if proc.returncode:
            raise SystemExit(f"bench.onboarding failed with exit status {proc.returncode}")
        measured[-1]["footprint"] = footprint(database)
    return report.Section(
        "onboarding",
        "Onboarding a district at 10, 500 and 2,000 districts, against stock django-tenants",
        _body(measured, database),
    )


def _body(measured, database):
    rows = []
    for entry in measured:
        ours, stock = entry["ours"], entry["stock"]
        rows.append(
            [
                f"{entry['districts']:,}",
                f"{statistics.median(ours):.3f}",
                f"{_p95(ours):.3f}",
                f"{statistics.median(entry['schema_only']):.3f}",
                f"{statistics.median(stock):.3f}",
                f"{_p95(stock):.3f}",
                f"**{statistics.median(ours) / statistics.median(stock):.2f}**",
                f"**{statistics.median(entry['schema_only']) / statistics.median(stock):.2f}**",
            ]
        )
    last = measured[-1]
    ours_last = statistics.median(last["ours"])
    ratio_last = ours_last / statistics.median(last["stock"])
    meets = ours_last < TARGET_SECONDS and ratio_last <= 0.25
    footprint_ = last["footprint"]
    memory = (
        f"PostgreSQL's processes held {footprint_['server_rss'] / 2**20:,.0f} MB RSS in all"
        if "server_rss" in footprint_
        else "PostgreSQL's memory could not be read (server elsewhere, or no psutil)"
    )
    return "\n\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on:",
            machine.as_markdown(machine.describe(database)),
            "Seconds per district, median and 95th percentile of "
            f"{OURS_PER_LEVEL} onboardings (ours) and {STOCK_PER_LEVEL} stock creations at each "
            "level, in one run. *Ours* is the whole `onboard_district` action: schema copied "
            "from the migrated template in one transaction, domains, default pages in Khmer and "
            "English, search index, first officer, audit row and invitation. *Stock* is a "
            "District row, django-tenants' `create_schema` (every tenant migration for the new "
            "schema) and the same domain rows, without pages or an officer. *Schema only* is "
            "ours doing just what stock does (District row, template copy, domain rows), for a "
            "like-for-like ratio.",
            report.table(
                [
                    "districts",
                    "ours p50 s",
                    "ours p95 s",
                    "schema only p50 s",
                    "stock p50 s",
                    "stock p95 s",
                    "ours / stock",
                    "schema only / stock",
                ],
                rows,
            ),
            f"At {last['districts']:,} districts: the database is "
            f"{footprint_['size'] / 2**20:,.0f} MB with {last['pg_class']:,} pg_class rows; "
            f"{memory} (the embedded server also serves other databases, such as `make test`'s).",
            "The design asks for under 0.3 s median at 2,000 districts and at most a quarter of "
            f"stock's time: measured {ours_last:.3f} s and {ratio_last:.2f} of stock at "
            f"{last['districts']:,}, so the target is " + ("met." if meets else "**not met**."),
        ]
    )


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# --- the measuring subprocess -------------------------------------------------------------


def _measure(levels, quick):
    import django

    django.setup()
    logging.getLogger("tenants.actions").setLevel(logging.WARNING)
    from django.conf import settings
    from django.db import connection

    from tenants import actions
    from tenants.models import District, Domain

    from .districts import create_missing, migrate, synthetic_gazetteer

    label = settings.DATABASES["default"]["NAME"]
    migrate()
    ours_per_level = 4 if quick else OURS_PER_LEVEL
    stock_per_level = 2 if quick else STOCK_PER_LEVEL
    for level in levels:
        create_missing(level, label)
        # The population each new district joins: the level, before the measured ones.
        districts = District.objects.count()
        measured_codes = []
        with synthetic_gazetteer():
            ours = _timed(
                measured_codes,
                OURS_FROM,
                ours_per_level,
                lambda code: actions.onboard_district(
                    code=code,
                    official_domain=f"o{code}.gov.kh",
                    officer_email=f"officer@{code}.example",
                    slug=f"o{code}",
                ),
            )
            schema_only = _timed(
                measured_codes,
                SCHEMA_ONLY_FROM,
                ours_per_level,
                lambda code: _create_schema_only(District, Domain, code),
            )
            stock = _timed(
                measured_codes,
                STOCK_FROM,
                stock_per_level,
                lambda code: _create_stock(District, Domain, code),
            )
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_class")
            pg_class = cursor.fetchone()[0]
        # The measured districts go again, so the population is exactly the next level's and a
        # second run measures at the same counts.
        for district in District.objects.filter(code__in=measured_codes):
            district.delete(force_drop=True)
        print(
            json.dumps(
                {
                    "districts": districts,
                    "ours": ours,
                    "schema_only": schema_only,
                    "stock": stock,
                    "pg_class": pg_class,
                }
            ),
            flush=True,
        )
        print(
            f"  {districts} districts: ours {statistics.median(ours):.3f} s, "
            f"stock {statistics.median(stock):.3f} s",
            flush=True,
        )


def _timed(measured_codes, first, count, create):
    """Seconds each of ``count`` new districts, with codes from ``first`` on, took to
    ``create``; their codes are added to ``measured_codes`` for removal afterwards."""
    from django.db import connection

    from tenants.models import District

    from .districts import synthetic_code

    seconds = []
    for code in _fresh_codes(District, synthetic_code, first, count):
        measured_codes.append(code)
        started = time.perf_counter()
        create(code)
        seconds.append(time.perf_counter() - started)
        connection.set_schema_to_public()
    return seconds


def _fresh_codes(District, synthetic_code, start, count):
    """``count`` synthetic codes from ``start`` on that no district has yet: districts measured
    by an earlier run stay, counted in the population."""
    taken = set(District.objects.values_list("code", flat=True))
    codes, number = [], start
    while len(codes) < count:
        number += 1
        if synthetic_code(number) not in taken:
            codes.append(synthetic_code(number))
    return codes


def _district_row(District, code, prefix):
    from tenants import gazetteer

    entry = gazetteer.district(code)
    return District.objects.create(
        schema_name=f"{prefix}{code}",
        code=code,
        slug=f"{prefix}{code}",
        name_km=entry["name_km"],
        name_en=entry["name_en"],
        province_code=entry["province_code"],
        province_name_km=entry["province_name_km"],
        province_name_en=entry["province_name_en"],
    )


def _create_schema_only(District, Domain, code):
    from django.db import transaction

    from tenants import schema_template

    schema_template.prepare()
    with transaction.atomic():
        district = _district_row(District, code, "t")
        schema_template.clone_template(district.schema_name)
        Domain.objects.create(domain=f"t{code}.localhost", tenant=district, is_primary=True)


def _create_stock(District, Domain, code):
    from django.db import transaction

    with transaction.atomic():
        district = _district_row(District, code, "s")
    district.create_schema(check_if_exists=True, verbosity=0)
    Domain.objects.create(domain=f"s{code}.localhost", tenant=district, is_primary=True)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    _measure([int(a) for a in arguments if a.isdigit()], "--quick" in arguments)

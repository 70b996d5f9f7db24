"""``onboarding``: how long a provincial admin waits for a new district, at 10, 500 and 2,000
districts already on the platform, against stock django-tenants creation in the same run.

Ours is the whole ``tenants.actions.onboard_district`` (schema copied from the template,
domains, default pages, search index, first officer, audit row, invitation e-mail). Stock is a
District row plus django-tenants' own ``create_schema``, which runs every tenant migration for
the new schema, plus the same domain rows: what the platform would pay without the template.

The measuring runs in a subprocess (``python -m bench.onboarding LEVEL ...``) whose environment
selects the benchmark's database, as for the other benchmarks; it prints one JSON line per level.
"""

import importlib.util
import json
import logging
import os
import statistics
import subprocess
import sys
import textwrap
import time

from . import machine, report
from .database import ROOT, database_for, footprint

LEVELS = (10, 500, 2000)
QUICK_LEVELS = (10, 40)
ROUNDS = 24
# Stock takes several times as long as ours, so it is timed in every fourth round only; spread
# over the rounds rather than run as a block, so a burst of other work on the shared machine
# falls on both sides of the ratio.
STOCK_EVERY = 4
QUICK_ROUNDS = 4
# Codes far above any that bench.districts.plan() gives out, so measured districts never
# collide with the population it creates.
OURS_FROM, SCHEMA_ONLY_FROM, STOCK_FROM = 40_000, 42_000, 44_000
TARGET_SECONDS = 0.3
TARGET_RATIO = 0.25


def run(options):
    """Each level in a database of its own (kept between runs), so every creation is timed at
    exactly 10, 500 or 2,000 districts: each measured district is removed again once timed."""
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
        if database.is_local and importlib.util.find_spec("psutil"):
            command.append("--cpu")
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
    last = measured[-1]
    ours_last = statistics.median(last["ours"])
    ratio_last = ours_last / statistics.median(last["stock"])
    cpu_ratio_last = _cpu_ratio(last, "ours")
    meets_time = ours_last < TARGET_SECONDS
    meets_ratio = ratio_last <= TARGET_RATIO
    footprint_ = last["footprint"]
    memory = (
        f"PostgreSQL's processes held {footprint_['server_rss'] / 2**20:,.0f} MB RSS in all"
        if "server_rss" in footprint_
        else "PostgreSQL's memory could not be read (server elsewhere, or no psutil)"
    )
    verdict = {
        (True, True): "both parts of the target are met",
        (True, False): "the time is met but the ratio is **not**",
        (False, True): "the ratio is met but the time is **not**",
        (False, False): "**neither** part of the target is met",
    }[meets_time, meets_ratio]
    cpu_note = f" (CPU time: {cpu_ratio_last:.2f} of stock's)" if cpu_ratio_last is not None else ""
    ours_count, stock_count = len(last["ours"]), len(last["stock"])
    paragraphs = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on:",
        machine.as_markdown(machine.describe(database)),
        f"Seconds per district at each level, in one run: {ours_count} onboardings (ours), "
        f"{ours_count} schema-only creations and {stock_count} stock creations, interleaved "
        "(stock in every fourth round) so that other work on the shared machine falls on all "
        "three, after one untimed creation of each kind. Each district is removed once timed, "
        "so every creation was timed with exactly the level's districts present. *Ours* is the "
        "whole `onboard_district` action as the console calls it: code and domain checks, slug "
        "from the gazetteer, schema copied from the migrated template in one transaction, both "
        "domains, default pages in Khmer and English, search index, first officer, audit row "
        "and invitation e-mail (local-memory backend). *Stock* is a District row, "
        "django-tenants' `create_schema` (every tenant migration for the new schema) and the "
        "same two domain rows, without pages or an officer. *Schema only* is ours doing just "
        "what stock does (District row, template copy, the two domain rows), for a "
        f"like-for-like ratio. With {stock_count} stock creations per level, stock's p95 is "
        "their slowest.",
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
            [_wall_row(entry) for entry in measured],
        ),
        "CPU seconds per district, median: the benchmark process plus the PostgreSQL backend "
        "serving it (both do the work; the wait for the other is not counted). Less disturbed "
        "by the machine's other work than the wall-clock figures.",
        report.table(
            [
                "districts",
                "ours CPU s",
                "schema only CPU s",
                "stock CPU s",
                "ours / stock",
                "schema only / stock",
            ],
            [_cpu_row(entry) for entry in measured],
        )
        if cpu_ratio_last is not None
        else "(Not measured: the PostgreSQL server is not on this machine, or psutil is missing.)",
        "The machine's 1-minute load average before → after each level's timed rounds: "
        + "; ".join(
            f"{entry['districts']:,} districts {entry['load'][0]:.2f} → {entry['load'][1]:.2f}"
            for entry in measured
        )
        + ".",
        f"At {last['districts']:,} districts: the database "
        f"(`{database.name}`) is {footprint_['size'] / 2**20:,.0f} MB with "
        f"{last['pg_class']:,} pg_class rows; {memory}, measured after the benchmark's "
        "connection closed (the embedded server also serves other databases, such as "
        "`make test`'s and the other benchmarks').",
        "The design asks for a district ready in under "
        f"{TARGET_SECONDS} s median at 2,000 districts and in at most a quarter of stock's time. "
        f"Measured at {last['districts']:,}: {ours_last:.3f} s median, {ratio_last:.2f} of "
        f"stock's median{cpu_note}, so {verdict}.",
        "Districts were created by `tenants.actions.create_district` (gazetteer codes, then "
        "synthetic ones past the gazetteer's 210) in databases of their own "
        "(`srok_bench_onboarding_<districts>`), kept between runs.",
    ]
    return "\n\n".join(_wrap(paragraph) for paragraph in paragraphs) + "\n"


def _wall_row(entry):
    ours, schema_only, stock = entry["ours"], entry["schema_only"], entry["stock"]
    stock_p50 = statistics.median(stock)
    return [
        f"{entry['districts']:,}",
        f"{statistics.median(ours):.3f}",
        f"{_p95(ours):.3f}",
        f"{statistics.median(schema_only):.3f}",
        f"{stock_p50:.3f}",
        f"{_p95(stock):.3f}",
        f"**{statistics.median(ours) / stock_p50:.2f}**",
        f"**{statistics.median(schema_only) / stock_p50:.2f}**",
    ]


def _cpu_row(entry):
    cpu = entry["cpu"]
    return [
        f"{entry['districts']:,}",
        f"{statistics.median(cpu['ours']):.3f}",
        f"{statistics.median(cpu['schema_only']):.3f}",
        f"{statistics.median(cpu['stock']):.3f}",
        f"**{_cpu_ratio(entry, 'ours'):.2f}**",
        f"**{_cpu_ratio(entry, 'schema_only'):.2f}**",
    ]


def _cpu_ratio(entry, kind):
    cpu = entry.get("cpu")
    if not cpu or not cpu[kind] or not cpu["stock"]:
        return None
    return statistics.median(cpu[kind]) / statistics.median(cpu["stock"])


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _wrap(paragraph):
    if paragraph.startswith(("|", "- ")):
        return paragraph
    return textwrap.fill(paragraph, width=100, break_on_hyphens=False, break_long_words=False)


# --- the measuring subprocess -------------------------------------------------------------


def _measure(levels, quick, with_cpu):
    import django

    django.setup()
    logging.getLogger("tenants.actions").setLevel(logging.WARNING)
    from django.conf import settings
    from django.db import connection

    from tenants.models import District

    from .districts import create_missing, migrate, plan, synthetic_gazetteer

    label = settings.DATABASES["default"]["NAME"]
    # The backend's CPU time can be read only when the server runs on this machine.
    cpu_clock = _CpuClock() if with_cpu else None
    migrate()
    rounds = QUICK_ROUNDS if quick else ROUNDS
    kinds = {
        "ours": (OURS_FROM, _onboard),
        "schema_only": (SCHEMA_ONLY_FROM, _create_schema_only),
        "stock": (STOCK_FROM, _create_stock),
    }
    for level in levels:
        create_missing(level, label)
        # A run that was interrupted may have left a measured district behind.
        population = {code for code, _host in plan(level)}
        for district in District.objects.exclude(code__in=population):
            print(f"  removing {district.schema_name}, left by an interrupted run", flush=True)
            _remove(district)
        districts = District.objects.count()
        seconds = {kind: [] for kind in kinds}
        cpu = {kind: [] for kind in kinds}
        numbers = {kind: first for kind, (first, _create) in kinds.items()}
        load_before = os.getloadavg()[0]
        with synthetic_gazetteer():
            # The first creation of each kind in a process pays one-off costs (the template's
            # script from pg_dump, imports, translation catalogues) that no later one does.
            for kind, (_first, create) in kinds.items():
                numbers[kind] += 1
                _time_one(create, numbers[kind], cpu_clock)
            for number in range(rounds):
                for kind, (_first, create) in kinds.items():
                    if kind == "stock" and number % STOCK_EVERY:
                        continue
                    numbers[kind] += 1
                    wall, cpu_seconds = _time_one(create, numbers[kind], cpu_clock)
                    seconds[kind].append(wall)
                    if cpu_seconds is not None:
                        cpu[kind].append(cpu_seconds)
                if (number + 1) % 8 == 0 or number + 1 == rounds:
                    print(f"  {label}: {number + 1}/{rounds} rounds timed", flush=True)
        load_after = os.getloadavg()[0]
        assert District.objects.count() == districts, "a measured district was left behind"
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_class")
            pg_class = cursor.fetchone()[0]
        print(
            json.dumps(
                {
                    "districts": districts,
                    **seconds,
                    "cpu": cpu if cpu_clock else None,
                    "pg_class": pg_class,
                    "load": [load_before, load_after],
                }
            ),
            flush=True,
        )
        print(
            f"  {districts} districts: ours {statistics.median(seconds['ours']):.3f} s, "
            f"schema only {statistics.median(seconds['schema_only']):.3f} s, "
            f"stock {statistics.median(seconds['stock']):.3f} s",
            flush=True,
        )


class _CpuClock:
    """CPU seconds used so far by this process and by the PostgreSQL backends that served it:
    the creation's work is split between the two, and CPU time is what other processes on a
    shared machine disturb least.

    django-tenants closes the connection after migrating a schema, so stock's work spans two
    backends; the one closing is read just before it goes, and each backend's last reading
    counts, so a difference of two readings holds everything done in between."""

    def __init__(self):
        import psutil
        from django.db import connections

        self._self = psutil.Process()
        self._backends = {}
        self._wrapper = connections["default"]
        close = self._wrapper.close

        def read_then_close():
            if self._wrapper.connection is not None:
                self._read_backend()
            close()

        self._wrapper.close = read_then_close

    def read(self):
        self._wrapper.ensure_connection()
        self._read_backend()
        return _cpu_seconds(self._self) + sum(self._backends.values())

    def _read_backend(self):
        import psutil

        pid = self._wrapper.connection.get_backend_pid()
        self._backends[pid] = _cpu_seconds(psutil.Process(pid))


def _cpu_seconds(process):
    times = process.cpu_times()
    return times.user + times.system


def _time_one(create, number, cpu_clock):
    """Wall-clock and CPU seconds (None if unknown) to create the district with the synthetic
    code of ``number``, which is then removed so the population stays at its level."""
    from django.core import mail
    from django.db import connection

    from .districts import synthetic_code

    code = synthetic_code(number)
    if cpu_clock:
        cpu_before = cpu_clock.read()
    started = time.perf_counter()
    district = create(code)
    wall = time.perf_counter() - started
    cpu_seconds = cpu_clock.read() - cpu_before if cpu_clock else None
    connection.set_schema_to_public()
    mail.outbox = []
    _remove(district)
    return wall, cpu_seconds


def _remove(district):
    from tenants.models import AuditEvent

    # Audit rows outlive their district (SET_NULL); these would only pile up run after run.
    AuditEvent.objects.filter(district=district).delete()
    district.delete(force_drop=True)


def _onboard(code):
    from tenants import actions

    return actions.onboard_district(
        code=code, official_domain=f"o{code}.gov.kh", officer_email=f"officer@{code}.example"
    )


def _district_row(code, prefix):
    from tenants import gazetteer
    from tenants.models import District

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


def _domain_rows(district, prefix, code):
    from django.conf import settings

    from tenants.models import Domain

    hosts = [f"{prefix}{code}.gov.kh", f"{prefix}{code}.{settings.PLATFORM_DOMAIN}"]
    for position, host in enumerate(hosts):
        Domain.objects.create(domain=host, tenant=district, is_primary=position == 0)


def _create_schema_only(code):
    from django.db import transaction

    from tenants import schema_template

    schema_template.prepare()
    with transaction.atomic():
        district = _district_row(code, "t")
        schema_template.clone_template(district.schema_name)
        _domain_rows(district, "t", code)
    return district


def _create_stock(code):
    from django.db import transaction

    with transaction.atomic():
        district = _district_row(code, "s")
    district.create_schema(check_if_exists=True, verbosity=0)
    _domain_rows(district, "s", code)
    return district


if __name__ == "__main__":
    arguments = sys.argv[1:]
    _measure(
        [int(a) for a in arguments if a.isdigit()], "--quick" in arguments, "--cpu" in arguments
    )

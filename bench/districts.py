"""Bring a benchmark database up to a population of districts, creating only what is missing.

Run in a subprocess whose environment selects the database (bench.database)::

    python -m bench.districts 500

Districts are made by the real action, ``tenants.actions.create_district``, so the benchmark
pays what onboarding pays today and gains whatever makes onboarding faster. The gazetteer has
210 districts; beyond that, synthetic codes (``x001``...) stand in, each answered by a copy of a
real district's gazetteer entry, and go through the same action.
"""

import logging
import os
import statistics
import sys
import time
from contextlib import contextmanager

import django
from django.core.exceptions import ValidationError

from tenants import gazetteer

# What needs Django's app registry (models, actions, migrations) is imported inside the functions
# that main() calls once django.setup() has run; plan() is also used where Django is not set up.

SYNTHETIC_PREFIX = "x"
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
PROGRESS_EVERY_SECONDS = 3.0


def levels(wanted):
    """The populations of ``wanted`` up to SROK_BENCH_MAX_DISTRICTS, when that is set: making
    2,000 districts takes a while, and a shared machine is not always the place for it; and
    only those listed in SROK_BENCH_DISTRICTS (``2000``, ``200,2000``), when that is set, to
    measure one population again without the others."""
    limit = int(os.environ.get("SROK_BENCH_MAX_DISTRICTS") or 0)
    listed = {int(n) for n in os.environ.get("SROK_BENCH_DISTRICTS", "").split(",") if n.strip()}
    chosen = [
        level
        for level in wanted
        if (not limit or level <= limit) and (not listed or level in listed)
    ]
    if not chosen:
        raise SystemExit(
            f"no population of {list(wanted)} is left by SROK_BENCH_MAX_DISTRICTS={limit or ''} "
            f"and SROK_BENCH_DISTRICTS={','.join(map(str, sorted(listed)))}"
        )
    return chosen


def plan(population):
    """(code, host) of each district of a population: real gazetteer codes first, in order."""
    real = sorted(gazetteer.districts())
    codes = real[:population]
    codes += [synthetic_code(number) for number in range(1, population - len(codes) + 1)]
    return [(code, f"{slug_for(code)}.localhost") for code in codes]


def slug_for(code):
    return f"b{code}"


def synthetic_code(number):
    """``x`` and three base-36 digits: District.code holds four characters, and this leaves
    room for 46,655 synthetic districts beside the real ones."""
    digits = ""
    for _position in range(3):
        number, digit = divmod(number, len(_DIGITS))
        digits = _DIGITS[digit] + digits
    if number:
        raise ValueError("too many synthetic districts")
    return SYNTHETIC_PREFIX + digits


@contextmanager
def synthetic_gazetteer():
    """Let the gazetteer answer for synthetic codes, with a real district's names and province
    (so pages carry Khmer text of realistic length), for the duration of the block."""
    real_lookup = gazetteer.district
    real_codes = sorted(gazetteer.districts())

    def district(code):
        entry = real_lookup(code)
        if entry is None and code.startswith(SYNTHETIC_PREFIX):
            model = real_lookup(real_codes[int(code[1:], 36) % len(real_codes)])
            entry = {**model, "code": code, "name_en": f"{model['name_en']} {code.upper()}"}
        return entry

    gazetteer.district = district
    try:
        yield
    finally:
        gazetteer.district = real_lookup


def migrate():
    """Migrate the public schema, and any district schema behind the code's migrations, and
    import the gazetteer.

    Stock ``migrate_schemas`` visits every schema even when there is nothing to do (about 1.4
    schemas/s here, docs/architecture.md), which would cost minutes at 500 districts on every run;
    one query per schema tells which are behind."""
    from django.core.management import call_command, get_commands
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from psycopg2 import sql

    from tenants.models import District

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    # Onboarding reads the gazetteer from the database once it has been imported there, as
    # `make run` does before it seeds; a second import changes nothing.
    if "import_gazetteer" in get_commands():
        call_command("import_gazetteer", verbosity=0)
    latest = set(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
    behind = []
    with connection.cursor() as cursor:
        for schema in District.objects.values_list("schema_name", flat=True):
            cursor.execute(
                sql.SQL("SELECT app, name FROM {}.django_migrations").format(sql.Identifier(schema))
            )
            if not latest <= set(cursor.fetchall()):
                behind.append(schema)
    for number, schema in enumerate(behind, 1):
        print(f"  migrating {schema} ({number}/{len(behind)})", flush=True)
        call_command("migrate_schemas", schema_name=schema, interactive=False, verbosity=0)


def create_missing(population, label):
    from django.db import connection

    from tenants import actions
    from tenants.models import District

    present = set(District.objects.values_list("code", flat=True))
    missing = [(code, host) for code, host in plan(population) if code not in present]
    if not missing:
        print(f"{label}: {len(present)} districts present, none to create", flush=True)
        return
    print(f"{label}: {len(present)} districts present, creating {len(missing)}", flush=True)
    durations = []
    last_report = time.monotonic()
    with synthetic_gazetteer():
        for number, (code, host) in enumerate(missing, 1):
            started = time.perf_counter()
            try:
                actions.create_district(code=code, slug=slug_for(code), domains=[host])
            except ValidationError as exc:
                if code.startswith(SYNTHETIC_PREFIX):
                    raise RuntimeError(
                        f"create_district refused the synthetic code {code} ({exc}): it no "
                        "longer looks districts up through tenants.gazetteer.district(), which "
                        "bench.districts.synthetic_gazetteer() stands in for"
                    ) from exc
                raise
            durations.append(time.perf_counter() - started)
            connection.set_schema_to_public()
            if number == len(missing) or time.monotonic() - last_report >= PROGRESS_EVERY_SECONDS:
                last_report = time.monotonic()
                each = statistics.median(durations)
                left = (len(missing) - number) * each
                print(
                    f"  {number}/{len(missing)} created, median {each:.2f} s each"
                    + (f", about {left:.0f} s left" if left else ""),
                    flush=True,
                )


def main(argv):
    population = int(argv[0])
    django.setup()
    # The progress lines stand for the action's own line per district.
    logging.getLogger("tenants.actions").setLevel(logging.WARNING)
    from django.conf import settings

    label = settings.DATABASES["default"]["NAME"]
    migrate()
    create_missing(population, label)


if __name__ == "__main__":
    main(sys.argv[1:])

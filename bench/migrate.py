"""``migrate``: a deploy's migration step at 200 and 2,000 districts, against stock
django-tenants ``migrate_schemas`` in the same run.

Each figure is one whole command, timed from outside as a deploy runs it (``manage.py
migrate_schemas``: Python's start, Django's setup, the work): with nothing to apply, ``--check``,
and one new migration (bench.probe: a column added to ``pages_page`` in every district). *Stock*
is django-tenants' own command with its own database backend (``python -m bench.migrate stock``),
the same settings otherwise. What the new migration added is removed after each side, so both
apply it to the same database.

SROK_BENCH_STOCK_MAX_DISTRICTS runs the stock side only up to that many districts: at 2,000 it
takes about an hour for the three commands (1.4 schemas/s, docs/architecture.md), more than a
shared machine can always give; its rows then say "not run".
"""

import json
import os
import subprocess
import sys
import time

from . import database, districts, machine, report

NAME = "migrate"
LEVELS = {False: (200, 2000), True: (12,)}
WORKERS = 2


def run(options):
    measured = []
    for level in districts.levels(LEVELS[options.quick]):
        db = database.database_for(level)
        env = {**os.environ, **db.env, "CELERY_BROKER_URL": ""}
        print(f"\n== migrate at {level} districts: database {db.name}", flush=True)
        subprocess.run(
            [sys.executable, "-m", "bench.districts", str(level)],
            cwd=database.ROOT,
            env=env,
            check=True,
        )
        measured.append(_measure(db, env, level))
    return report.Section(
        NAME,
        "Migrating every district's schema, against stock django-tenants migrate_schemas",
        _body(measured, db),
    )


def _measure(db, env, level):
    ours = [sys.executable, "manage.py", "migrate_schemas", "--noinput", f"--workers={WORKERS}"]
    check = [sys.executable, "manage.py", "migrate_schemas", "--check"]
    stock = [sys.executable, "-m", "bench.migrate", "stock"]
    probe = {**env, "SROK_BENCH_PROBE_MIGRATION": "1"}
    _undo_probe(db)
    figures = {"districts": database.district_count(db)}
    with_stock = _stock_runs_at(level)
    figures["ours no-op"] = _timed("ours, nothing to apply", ours, env)
    figures["stock no-op"] = with_stock and _timed("stock, nothing to apply", stock, env)
    figures["ours check"] = _timed("ours --check", check, env)
    figures["stock check"] = with_stock and _timed("stock --check", [*stock, "--check"], env)
    figures["ours new"] = _timed("ours, one new migration", ours, probe)
    _undo_probe(db)
    figures["stock new"] = with_stock and _timed("stock, one new migration", stock, probe)
    _undo_probe(db)
    figures["load"] = os.getloadavg()[0]
    return figures


def _stock_runs_at(level):
    limit = int(os.environ.get("SROK_BENCH_STOCK_MAX_DISTRICTS") or 0)
    return not limit or level <= limit


def _timed(label, command, env):
    started = time.perf_counter()
    result = subprocess.run(command, cwd=database.ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{label} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    print(f"  {label}: {seconds:.1f} s", flush=True)
    return seconds


def _undo_probe(db):
    """Remove bench.probe's column and its migration records from every schema."""
    with db.cursor() as cursor:
        cursor.execute(
            """
            DO $$
            DECLARE schema text;
            BEGIN
              FOR schema IN SELECT n.nspname FROM pg_class c
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE c.relname = 'django_migrations' LOOP
                EXECUTE format('DELETE FROM %I.django_migrations WHERE app = ''bench_probe''',
                               schema);
                IF to_regclass(format('%I.pages_page', schema)) IS NOT NULL THEN
                  EXECUTE format('ALTER TABLE %I.pages_page DROP COLUMN IF EXISTS bench_probe',
                                 schema);
                END IF;
              END LOOP;
            END $$
            """
        )


def _body(measured, db):
    rows = []
    for entry in measured:
        for label, key in (
            ("nothing to apply", "no-op"),
            ("--check", "check"),
            ("one new migration", "new"),
        ):
            ours, stock = entry[f"ours {key}"], entry[f"stock {key}"]
            count = f"{entry['districts']:,}"
            shown = f"{stock:.1f}" if stock else "not run"
            rows.append([count, label, f"{ours:.1f}", shown, _ratio(ours, stock)])
    return "\n\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on:",
            machine.as_markdown(machine.describe(db)),
            "Seconds for the whole command, as a deploy runs it (one run each). *Ours*: "
            f"`manage.py migrate_schemas --workers {WORKERS}` (and `--check`): one comparison of "
            "every schema's `django_migrations` with the code's migrations, then only the "
            "schemas behind, each in one transaction, content types and permissions by two "
            "INSERTs. *Stock*: django-tenants' `migrate_schemas` and its database backend, "
            "which run Django's `migrate` in every schema. *One new migration* adds a column to "
            "`pages_page` in every district (bench/probe).",
            report.table(["districts", "step", "ours s", "stock s", "ours / stock"], rows),
            "1-minute load average after each level: "
            + "; ".join(f"{e['districts']:,} districts {e['load']:.2f}" for e in measured)
            + ".",
        ]
    )


def _ratio(ours, stock):
    return f"{ours / stock:.2f}" if stock else "n/a"


def stock(argv):
    """django-tenants' own migrate_schemas, with its own backend (bench.settings)."""
    os.environ["SROK_BENCH_STOCK_BACKEND"] = "1"
    import django

    django.setup()
    from django.core.management import call_command
    from django_tenants.management.commands.migrate_schemas import Command

    call_command(Command(), interactive=False, verbosity=0, check_unapplied="--check" in argv)
    print(json.dumps({"done": True}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["stock"]:
        stock(sys.argv[2:])

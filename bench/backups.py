"""``backups``: ``backup_district --all`` at 200 and 2,000 districts, against the same command
one district at a time (how it ran before it had workers), in the same run.

Three runs per level, each the whole command as an operator or the nightly timer runs it, into
a backup folder of the benchmark's own (removed afterwards): all districts with the default
workers (each district has a photo and a document, bench/backups.py ``seed``); all again after
one district in ten replaced its photo (media are stored only when they changed: the nightly
case); and one district at a time, each with its own pg_dump, over a sample: the baseline, as
the command ran before it had workers and shared dumps.
Per-district figures are each backup's own time, as the command reports it. Then a few districts
are restored in place from their latest backup (``restore_district CODE --backup latest``), the
whole command timed: what restoring one district costs among all the others.
"""

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from . import database, districts, machine, report

NAME = "backups"
LEVELS = {False: (200, 2000), True: (12,)}
SERIAL_SAMPLE = {False: 40, True: 6}
RESTORE_SAMPLE = {False: 3, True: 2}
OUT = Path(__file__).resolve().parent / "out" / "backups"


def run(options):
    measured = []
    for level in districts.levels(LEVELS[options.quick]):
        db = database.database_for(level)
        env = {**os.environ, **db.env, "CELERY_BROKER_URL": ""}
        print(f"\n== backups at {level} districts: database {db.name}", flush=True)
        subprocess.run(
            [sys.executable, "-m", "bench.districts", str(level)],
            cwd=database.ROOT,
            env=env,
            check=True,
        )
        subprocess.run(
            [sys.executable, "-m", "bench.backups", "seed"], cwd=database.ROOT, env=env, check=True
        )
        measured.append(_measure(db, env, level, options.quick))
    return report.Section(
        NAME, "Backing up every district, against one district at a time", _body(measured, db)
    )


def _measure(db, env, level, quick):
    sample = SERIAL_SAMPLE[quick]
    folder = OUT / str(level)
    shutil.rmtree(folder, ignore_errors=True)
    env = {**env, "BACKUP_BUCKET": "", "BACKUP_DIR": str(folder)}
    workers = int(env.get("BACKUP_WORKERS", 4))
    batch = int(env.get("BACKUP_BATCH", 20))
    try:
        figures = {"districts": level, "workers": workers, "batch": batch}
        shared = ["--all", f"--workers={workers}", f"--batch={batch}"]
        figures["all"] = _timed(db, "all districts", shared, env)
        contents = _media_contents(folder)
        again = ["--all", f"--workers={workers}"]
        subprocess.run(
            [sys.executable, "-m", "bench.backups", "touch"], cwd=database.ROOT, env=env, check=True
        )
        figures["again"] = _timed(db, "all again, one file changed in 1 of 10", again, env)
        figures["added again"] = _media_contents(folder) - contents
        figures["changed"] = len(range(0, level, 10))
        figures["media contents"] = contents
        codes = [code for code, _host in districts.plan(level)][:sample]
        one_by_one = [*codes, "--workers=1", "--batch=1"]
        figures["serial"] = _timed(db, f"{sample} one at a time", one_by_one, env)
        figures["sample"] = sample
        figures["restore"] = [_restored(code, env) for code in codes[: RESTORE_SAMPLE[quick]]]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    figures["load"] = os.getloadavg()[0]
    return figures


def _timed(db, label, arguments, env):
    with db.cursor() as cursor:
        cursor.execute("SELECT now()")
        (since,) = cursor.fetchone()
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "backup_district", *arguments],
        cwd=database.ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{label} failed:\n{result.stderr[-3000:]}")
    # Each backup's own time, from its row (the command's lines are in the site's language).
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT extract(epoch FROM finished_at - started_at)::float"
            " FROM tenants_districtbackup WHERE started_at >= %s AND status = 'complete'"
            " AND district_id IS NOT NULL",
            [since],
        )
        each = [value for (value,) in cursor.fetchall()]
    print(f"  {label}: {seconds:.1f} s, {len(each)} backups", flush=True)
    return {"seconds": seconds, "each": each}


def _restored(code, env):
    """Seconds for restoring ``code`` in place from its latest backup, the whole command."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "restore_district", code, "--backup", "latest", "--noinput"],
        cwd=database.ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"restoring {code} failed:\n{result.stderr[-3000:]}")
    print(f"  restore {code} in place: {seconds:.1f} s", flush=True)
    return seconds


def _media_contents(folder):
    return sum(len(list(path.iterdir())) for path in folder.glob("districts/*/media"))


def _body(measured, db):
    rows = []
    for entry in measured:
        for label, run in (
            (f"all, {entry['workers']} workers, {entry['batch']} per pg_dump", entry["all"]),
            ("all again, 1 in 10 with a changed file", entry["again"]),
            (f"{entry['sample']} districts one at a time, own pg_dump each", entry["serial"]),
        ):
            each = run["each"]
            rows.append(
                [
                    f"{entry['districts']:,}",
                    label,
                    len(each),
                    f"{run['seconds']:.1f}",
                    f"{run['seconds'] / len(each):.2f}" if each else "n/a",
                    f"{statistics.median(each):.2f}" if each else "n/a",
                ]
            )
    return "\n\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on:",
            machine.as_markdown(machine.describe(db)),
            "`manage.py backup_district` to a local folder (schema dump, media contents not "
            "yet stored, manifest, then the retention). *Wall s per district* is the whole run "
            "over the districts it backed up; *median s* is each backup's own time, which with "
            "a shared pg_dump leaves out that dump (its cost is in the wall time).",
            report.table(
                ["districts", "run", "backups", "wall s", "wall s per district", "median s"],
                rows,
            ),
            "Restoring one district in place from its latest backup (`restore_district CODE "
            "--backup latest`, the whole command: checks, a temporary schema, the swap, the "
            "media): "
            + "; ".join(
                f"{e['districts']:,} districts: median {statistics.median(e['restore']):.1f} s "
                f"({len(e['restore'])} districts)"
                for e in measured
            )
            + ".",
            "Media contents stored: "
            + "; ".join(
                f"{e['districts']:,} districts: {e['media contents']} by the first run, "
                f"{e['added again']} more by the second ({e['changed']} photos replaced between)"
                for e in measured
            )
            + ". 1-minute load average after each level: "
            + "; ".join(f"{e['districts']:,} districts {e['load']:.2f}" for e in measured)
            + ".",
        ]
    )


# Media each district gets for the benchmark (once): a photo-sized file and a document.
SEED_FILES = {"bench/photo.jpg": 60_000, "bench/report.pdf": 200_000}


def seed():
    """Give every district the SEED_FILES it lacks."""
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django_tenants.utils import schema_context

    from tenants.models import District

    for schema in District.objects.values_list("schema_name", flat=True):
        with schema_context(schema):
            for name, size in SEED_FILES.items():
                if not default_storage.exists(name):
                    default_storage.save(name, ContentFile(os.urandom(size)))


def touch():
    """Rewrite the photo of one district in ten, as officers replacing a file would."""
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django_tenants.utils import schema_context

    from tenants.models import District

    schemas = District.objects.order_by("schema_name").values_list("schema_name", flat=True)
    for schema in list(schemas)[::10]:
        with schema_context(schema):
            default_storage.delete("bench/photo.jpg")
            default_storage.save("bench/photo.jpg", ContentFile(os.urandom(60_000)))


if __name__ == "__main__":
    {"seed": seed, "touch": touch}[sys.argv[1]]()

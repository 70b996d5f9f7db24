"""A district's backup holds its schema and media, restores exactly, and is complete or absent.

Backups go to a real S3 API over HTTP (moto's server) or to a folder of the test's own, dumps are
made by the real pg_dump, and failures are real ones: a bucket that is gone, a media file that
vanished, a process killed mid-way, an archive damaged on disk.
"""

import hashlib
import io
import itertools
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation
from django_tenants.utils import schema_context
from psycopg2 import sql

from district_site.pages.models import Page
from tenants import backups, gazetteer, tasks
from tenants.management.commands.restore_district import Command as RestoreCommand
from tenants.models import District, DistrictBackup

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = DistrictBackup.Status.COMPLETE
FAILED = DistrictBackup.Status.FAILED


@pytest.fixture(autouse=True)
def backup_dir(settings, tmp_path):
    """Each test backs up into a folder of its own (never the project's .data/), in English."""
    settings.BACKUP_BUCKET = ""
    settings.BACKUP_DIR = tmp_path / "backups"
    with translation.override("en"):
        yield settings.BACKUP_DIR


_buckets = itertools.count()


@pytest.fixture
def s3_backups(settings, s3_server):
    """Backups to an empty bucket of moto's S3 server, over HTTP."""
    bucket = f"srok-backups-{next(_buckets)}"
    s3_server["client"].create_bucket(Bucket=bucket)
    settings.BACKUP_BUCKET = bucket
    settings.BACKUP_S3_ENDPOINT_URL = s3_server["endpoint"]
    settings.BACKUP_S3_REGION_NAME = "us-east-1"
    settings.BACKUP_ACCESS_KEY_ID = "srok-test"
    settings.BACKUP_SECRET_ACCESS_KEY = "srok-test"
    client = s3_server["client"]

    def keys(prefix=""):
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return sorted(entry["Key"] for page in pages for entry in page.get("Contents", ()))

    return {"client": client, "bucket": bucket, "keys": keys}


def _rows(schema_name):
    """Every row of every table of ``schema_name`` as JSON text, sorted, table by table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relkind = 'r'",
            [schema_name],
        )
        tables = sorted(table for (table,) in cursor.fetchall())
        rows = {}
        for table in tables:
            cursor.execute(
                sql.SQL("SELECT row_to_json(t)::text FROM {} t").format(
                    sql.Identifier(schema_name, table)
                )
            )
            rows[table] = sorted(row for (row,) in cursor.fetchall())
    assert "pages_page" in rows
    return rows


def _media(district):
    """Every media file of ``district``: name -> content."""
    files = {}
    with schema_context(district.schema_name):
        pending = [""]
        while pending:
            folder = pending.pop()
            try:
                folders, names = default_storage.listdir(folder)
            except FileNotFoundError:
                continue
            pending += [f"{folder}{name}/" for name in folders]
            for name in names:
                with default_storage.open(folder + name, "rb") as fh:
                    files[folder + name] = fh.read()
    return files


def _save(district, name, content):
    with schema_context(district.schema_name):
        return default_storage.save(name, ContentFile(content))


def _set_title(district, slug, title):
    with schema_context(district.schema_name):
        Page.objects.filter(slug=slug).update(title_en=title)


def _english_page(host_client, host, slug):
    response = host_client(host).get(f"/en/p/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def _schemas_like(pattern):
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", [pattern])
        return [name for (name,) in cursor.fetchall()]


def _wait_for(find, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = find()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"nothing found after {timeout}s")


# --- round trips ------------------------------------------------------------------------------


def test_a_district_backed_up_to_s3_and_restored_has_the_same_rows_in_every_table_and_media(
    s3_backups, s3_media, make_district, make_officer, host_client
):
    district = make_district()
    make_officer(district)
    _set_title(district, "about", "Before the backup")
    _save(district, "photos/forum.jpg", b"forum photo")
    _save(district, "docs/budget.pdf", b"%PDF budget")
    rows, media = _rows(district.schema_name), _media(district)

    record = backups.backup_district(district)
    # Then everything changes: rows edited, deleted and added, files added and removed.
    _set_title(district, "about", "After the backup")
    with schema_context(district.schema_name):
        Page.objects.filter(slug="contact").delete()
    make_officer(district)
    _save(district, "photos/later.jpg", b"taken later")
    with schema_context(district.schema_name):
        default_storage.delete("docs/budget.pdf")
    restore = ["restore_district", district.code, "--backup", record.name, "--noinput"]
    call_command(*restore, stdout=io.StringIO())

    assert record.status == COMPLETE
    assert record.location == f"s3://{s3_backups['bucket']}/districts/{district.code}/{record.name}"
    assert s3_backups["keys"](f"districts/{district.code}/") == [
        f"districts/{district.code}/{record.name}.json",
        f"districts/{district.code}/{record.name}/media/docs/budget.pdf",
        f"districts/{district.code}/{record.name}/media/photos/forum.jpg",
        f"districts/{district.code}/{record.name}/schema.dump",
    ]
    assert _rows(district.schema_name) == rows
    assert _media(district) == media
    assert "Before the backup" in _english_page(host_client, district.primary_domain, "about")


def test_a_district_backed_up_to_disk_and_restored_has_the_same_rows_and_media(
    make_district, backup_dir
):
    district = make_district()
    _save(district, "photos/river.jpg", b"river photo")
    rows, media = _rows(district.schema_name), _media(district)

    record = backups.backup_district(district)
    _set_title(district, "home", "Changed")
    _save(district, "photos/extra.jpg", b"extra")
    restored = backups.restore_district(district.code, backup="latest")

    folder = backup_dir / "districts" / district.code
    assert record.location == str(folder / record.name)
    assert (folder / f"{record.name}.json").is_file()
    assert (folder / record.name / "schema.dump").is_file()
    assert restored.backup_id == record.name
    assert _rows(district.schema_name) == rows
    assert _media(district) == media


def test_a_backup_restored_into_a_new_district_is_served_on_its_own_host_and_kept_apart(
    s3_backups, make_district, unused_district_code, host_client
):
    source = make_district()
    _set_title(source, "about", "About the source")
    _save(source, "photos/office.jpg", b"office photo")
    rows = _rows(source.schema_name)
    backups.backup_district(source)
    code = unused_district_code()

    restored = backups.restore_district(
        source.code, backup="latest", into=code, domain=f"copy{code}.localhost"
    )

    copy = restored.district
    assert District.objects.get(code=code).primary_domain == f"copy{code}.localhost"
    assert copy.schema_name != source.schema_name
    assert _rows(copy.schema_name) == rows
    assert _media(copy) == {"photos/office.jpg": b"office photo"}
    assert "About the source" in _english_page(host_client, f"copy{code}.localhost", "about")
    # From here on the two districts live apart.
    _set_title(copy, "about", "About the copy")
    with schema_context(copy.schema_name):
        Page.objects.create(slug="copy-only", title_km="ថ្មី")  # its id sequence came along
    name = _save(copy, "photos/copy-only.jpg", b"copy only")
    assert "About the copy" in _english_page(host_client, f"copy{code}.localhost", "about")
    assert "About the source" in _english_page(host_client, source.primary_domain, "about")
    assert host_client(source.primary_domain).get(f"/media/{name}").status_code == 404
    assert _rows(source.schema_name) == rows


def test_a_district_backup_holds_its_own_schema_and_media_and_nothing_of_another_district(
    district_a, district_b, backup_dir
):
    _save(district_a, "only-a.txt", b"A")
    _save(district_b, "only-b.txt", b"B")

    record = backups.backup_district(district_a)

    folder = backup_dir / "districts" / district_a.code
    manifest = json.loads((folder / f"{record.name}.json").read_text())
    assert manifest["schema"] == district_a.schema_name
    assert {entry["name"] for entry in manifest["media"]} == set(_media(district_a))
    contents = subprocess.run(
        [backups.pg_tool("pg_restore"), "--list", folder / record.name / "schema.dump"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"TABLE {district_a.schema_name} pages_page" in contents
    assert district_b.schema_name not in contents


def test_the_platform_backup_holds_the_public_schema_with_every_district_row(
    district_a, backup_dir
):
    call_command("backup_platform", stdout=io.StringIO())

    record = backups.latest_complete_backup(District.platform())
    assert record.district is None
    assert record.schema_name == "public"
    assert record.table_rows["tenants_district"] == District.objects.count()
    assert (backup_dir / "platform" / f"{record.name}.json").is_file()
    dump = backup_dir / "platform" / record.name / "schema.dump"
    contents = subprocess.run(
        [backups.pg_tool("pg_restore"), "--list", dump], capture_output=True, text=True, check=True
    ).stdout
    tables = [line for line in contents.splitlines() if " TABLE " in line]
    assert any("TABLE DATA public tenants_domain" in line for line in tables)
    assert all(" public " in line for line in tables)  # nothing of district_a's schema


# --- failures ---------------------------------------------------------------------------------


def test_a_backup_whose_dump_cannot_be_stored_is_recorded_as_failed_and_never_as_complete(
    s3_backups, make_district
):
    district = make_district()
    s3_backups["client"].delete_bucket(Bucket=s3_backups["bucket"])

    with pytest.raises(backups.BackupError, match=f"backup of {district.schema_name} failed"):
        backups.backup_district(district)

    record = DistrictBackup.objects.get(district=district)
    assert record.status == FAILED
    assert "NoSuchBucket" in record.error
    assert record.finished_at is not None
    assert backups.latest_complete_backup(district) is None


def test_a_backup_interrupted_by_a_vanished_media_file_removes_what_it_stored(
    s3_backups, make_district
):
    district = make_district()
    _save(district, "a-first.txt", b"stored before the failure")
    folder = Path(django_settings.MEDIA_ROOT) / district.schema_name
    # Listed, but gone by the time it is read: as when an officer deletes it meanwhile.
    (folder / "z-vanished.jpg").symlink_to(folder / "deleted-meanwhile.jpg")

    with pytest.raises(backups.BackupError):
        backups.backup_district(district)

    record = DistrictBackup.objects.get(district=district)
    assert record.status == FAILED
    assert "z-vanished.jpg" in record.error
    assert s3_backups["keys"](f"districts/{district.code}/") == []
    assert backups.latest_complete_backup(district) is None


CHILD = """
import json, os, sys
import django

os.environ["DJANGO_SETTINGS_MODULE"] = "platform_site.settings"
django.setup()
from django.conf import settings
from django.db import connections

given = json.loads(sys.argv[1])
settings.MEDIA_ROOT = given["media_root"]
settings.BACKUP_DIR = given["backup_dir"]
settings.BACKUP_BUCKET = ""
connections["default"].settings_dict["NAME"] = given["database"]

from tenants import backups
from tenants.models import District

backups.backup_district(District.objects.get(code=given["code"]))
"""


def test_a_backup_whose_process_is_killed_mid_way_is_never_complete_and_is_cleared_by_pruning(
    make_district, backup_dir, settings
):
    district = make_district()
    _save(district, "a-first.txt", b"stored before the end")
    fifo = Path(settings.MEDIA_ROOT) / district.schema_name / "z-never-ends.jpg"
    os.mkfifo(fifo)  # reading it waits for a writer that never comes: the backup stops there
    given = {
        "media_root": str(settings.MEDIA_ROOT),
        "backup_dir": str(backup_dir),
        "database": connection.settings_dict["NAME"],
        "code": district.code,
    }
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(given)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        stored = _wait_for(
            lambda: list((backup_dir / "districts" / district.code).glob("*/media/a-first.txt"))
        )
    finally:
        child.kill()
        child.wait()
        fifo.unlink()
    partial = stored[0].parent.parent

    record = DistrictBackup.objects.get(district=district)
    assert record.status == DistrictBackup.Status.RUNNING  # as the dead process left it
    assert partial.name == record.name
    assert backups.latest_complete_backup(district) is None
    assert backups.list_backups(district.code) == [(record.name, False)]
    with pytest.raises(backups.BackupError, match="has no complete backup"):
        backups.restore_district(district.code, backup="latest")
    with pytest.raises(backups.BackupError, match="is incomplete and cannot be restored"):
        backups.restore_district(district.code, backup=record.name)

    settings.BACKUP_STALE_HOURS = 0
    assert backups.prune_backups(district) == [record.name]

    record.refresh_from_db()
    assert record.status == FAILED
    assert record.error == "Interrupted before it was complete."
    assert not partial.exists()


@pytest.mark.parametrize("damage", ["bytes flipped", "truncated, checksum rewritten"])
def test_restoring_a_corrupted_archive_fails_clearly_and_leaves_the_district_untouched(
    damage, make_district, backup_dir
):
    district = make_district()
    _save(district, "photos/old.jpg", b"old photo")
    record = backups.backup_district(district)
    _set_title(district, "about", "Changed after the backup")
    _save(district, "photos/new.jpg", b"new photo")
    rows, media = _rows(district.schema_name), _media(district)
    manifest_path = backup_dir / "districts" / district.code / f"{record.name}.json"
    dump = manifest_path.with_suffix("") / "schema.dump"
    data = dump.read_bytes()
    if damage == "bytes flipped":
        dump.write_bytes(data[:200] + bytes(byte ^ 0xFF for byte in data[200:400]) + data[400:])
        expected = "schema.dump in backup .* is damaged: it does not match its checksum"
    else:
        # Damaged before it was ever stored: the checksum agrees, pg_restore does not.
        dump.write_bytes(data[: len(data) // 2])
        manifest = json.loads(manifest_path.read_text())
        manifest["database"]["size"] = dump.stat().st_size
        manifest["database"]["sha256"] = hashlib.sha256(dump.read_bytes()).hexdigest()
        manifest_path.write_text(json.dumps(manifest))
        expected = "The backup's database archive cannot be read: pg_restore: error"

    with pytest.raises(CommandError, match=expected):
        call_command("restore_district", district.code, "--backup", "latest", "--noinput")

    assert _rows(district.schema_name) == rows
    assert _media(district) == media
    assert _schemas_like("srok\\_restore\\_%") + _schemas_like("srok\\_held\\_%") == []


def test_the_commands_refuse_bad_input_with_a_clear_message_and_a_non_zero_exit(
    make_district, unused_district_code, capsys
):
    district = make_district()
    other = make_district()
    refused = {
        ("backup_district", "9999"): "No district has the code 9999.",
        ("backup_district",): "Give one or more district codes, or --all.",
        ("restore_district", "9999", "--backup", "latest"): "No district has the code 9999.",
        ("restore_district", district.code): "Say which backup to restore",
        ("restore_district", district.code, "--backup", "latest"): (
            f"District {district.code} has no complete backup."
        ),
        ("restore_district", district.code, "--backup", "20260101T000000000000Z-abcdef"): (
            f"District {district.code} has no backup 20260101T000000000000Z-abcdef."
        ),
        ("restore_district", district.code, "--backup", "latest", "--into", other.code): (
            "--into and --domain go together"
        ),
    }
    for arguments, message in refused.items():
        noinput = ["--noinput"] if arguments[0] == "restore_district" else []
        with pytest.raises(CommandError, match=message):
            call_command(*arguments, *noinput)
    backups.backup_district(district)
    into_other = ["--into", other.code, "--domain", "free.localhost"]
    into_new = ["--into", unused_district_code(), "--domain", other.primary_domain]
    for into, message in [
        (into_other, f"District {other.code} already exists"),
        (into_new, f"The domain {other.primary_domain} already belongs to a district."),
    ]:
        with pytest.raises(CommandError, match=message):
            call_command("restore_district", district.code, "--backup", "latest", *into)
    assert not District.objects.filter(code=into_new[1]).exists()

    with pytest.raises(SystemExit) as exit_status:
        RestoreCommand().run_from_argv(["manage.py", "restore_district", "9999", "--backup", "x"])
    assert exit_status.value.code == 1
    assert "No district has the code 9999." in capsys.readouterr().err


# --- retention and the nightly run ------------------------------------------------------------


def test_retention_keeps_only_the_newest_complete_backups(make_district, backup_dir, settings):
    settings.BACKUP_KEEP = 2
    district = make_district()

    for _ in range(3):
        call_command("backup_district", district.code, stdout=io.StringIO())

    records = list(DistrictBackup.objects.filter(district=district).order_by("started_at"))
    assert [record.status for record in records] == [
        DistrictBackup.Status.PRUNED,
        COMPLETE,
        COMPLETE,
    ]
    assert backups.list_backups(district.code) == [(record.name, True) for record in records[1:]]
    assert not (backup_dir / "districts" / district.code / records[0].name).exists()
    assert backups.latest_complete_backup(district) == records[2]


def test_the_nightly_schedule_backs_up_each_active_district_once_at_its_own_moment(
    make_district, settings
):
    settings.BACKUP_WINDOW_START_HOUR = 23  # a window across midnight
    settings.BACKUP_WINDOW_HOURS = 4
    districts = [make_district() for _ in range(3)]
    suspended = make_district()
    District.objects.filter(pk=suspended.pk).update(status=District.Status.SUSPENDED)
    opens = datetime(2026, 11, 27, 23, 0, tzinfo=ZoneInfo(settings.CELERY_TIMEZONE))
    closes = opens + timedelta(hours=4)

    moments = defaultdict(list)
    for minutes in range(0, 4 * 60, settings.BACKUP_DISPATCH_MINUTES):
        woken = opens + timedelta(minutes=minutes, seconds=3)  # beat wakes a little late
        for district, countdown in backups.due_backups(woken):
            key = "platform" if district.is_platform else district.code
            moments[key].append(woken + timedelta(seconds=countdown))

    for district in districts:
        assert len(moments[district.code]) == 1
        (moment,) = moments[district.code]
        offset = timedelta(seconds=backups.nightly_offset(district.code))
        assert opens <= moment < closes
        assert timedelta(0) <= moment - (opens + offset) <= timedelta(seconds=3)
    assert len({moments[district.code][0] for district in districts}) == 3
    assert len(moments["platform"]) == 1
    assert suspended.code not in moments
    assert backups.due_backups(opens - timedelta(seconds=1)) == []
    assert backups.due_backups(closes) == []


def test_every_district_of_cambodia_gets_a_moment_and_no_dispatch_carries_many(settings):
    codes = list(gazetteer.districts())
    interval = settings.BACKUP_DISPATCH_MINUTES * 60
    intervals = settings.BACKUP_WINDOW_HOURS * 3600 // interval

    per_interval = Counter(backups.nightly_offset(code) // interval for code in codes)

    assert len(codes) > 200
    assert sorted(per_interval) == list(range(intervals))
    assert max(per_interval.values()) <= 2 * len(codes) / intervals


def test_beat_wakes_the_dispatcher_every_interval_of_the_window():
    from platform_site.celery import app

    entry = django_settings.CELERY_BEAT_SCHEDULE["dispatch-nightly-backups"]
    start, hours = django_settings.BACKUP_WINDOW_START_HOUR, django_settings.BACKUP_WINDOW_HOURS

    assert entry["task"] == tasks.dispatch_nightly_backups.name
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {(start + hour) % 24 for hour in range(hours)}
    assert entry["schedule"].minute == set(range(0, 60, django_settings.BACKUP_DISPATCH_MINUTES))


def test_a_failing_backup_task_is_retried_and_each_attempt_is_recorded_as_failed(
    s3_backups, make_district, monkeypatch
):
    from platform_site.celery import app

    district = make_district()
    s3_backups["client"].delete_bucket(Bucket=s3_backups["bucket"])
    # Run in this process, each retry follows at once instead of after its pause, and is
    # handed back to Celery instead of raised to the caller.
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)

    result = tasks.backup_district.apply(args=[district.pk])

    assert isinstance(result.result, backups.BackupError)

    statuses = DistrictBackup.objects.filter(district=district).values_list("status", flat=True)
    assert list(statuses) == [FAILED] * (tasks.backup_district.max_retries + 1)


@pytest.mark.worker
def test_the_nightly_backup_task_completes_a_backup_on_a_real_celery_worker(
    celery_worker, s3_backups, make_district
):
    district = make_district()

    tasks.backup_district.delay(district.pk)

    record = _wait_for(
        lambda: DistrictBackup.objects.filter(district=district, status=COMPLETE).first()
    )
    assert f"districts/{district.code}/{record.name}.json" in s3_backups["keys"]()
    assert record.table_rows["pages_page"] == 4


def test_a_restore_drops_the_districts_cached_pages_and_refreshes_its_snapshot(
    make_district, host_client
):
    district = make_district()
    record = backups.backup_district(district)
    with schema_context(district.schema_name):
        page = Page.objects.get(slug="about")
        page.title_en = "Changed after the backup"
        page.save()
    assert "Changed after the backup" in _english_page(
        host_client, district.primary_domain, "about"
    )
    with schema_context(district.schema_name):
        Page.objects.filter(slug="contact").update(is_published=False)

    backups.restore_district(district.code, backup=record.name)

    assert "Changed after the backup" not in _english_page(
        host_client, district.primary_domain, "about"
    )
    district.snapshot.refresh_from_db()
    with schema_context(district.schema_name):
        assert district.snapshot.pages_published == Page.objects.published().count()

"""A district's backup holds its schema and media, restores exactly, and is complete or absent.

Backups go to a real S3 API over HTTP (moto's server) or to a folder of the test's own, dumps are
made by the real pg_dump, and failures are real ones: a bucket that is gone, a media file that
vanished, a process killed mid-way, an archive damaged on disk.
"""

import gzip
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
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from django_tenants.utils import schema_context, tenant_context
from psycopg2 import sql

from district_site.news.models import NewsPhoto
from district_site.pages.models import Page
from tenants import actions, backups, gazetteer, tasks
from tenants.backups.backup import SharedDump
from tenants.management.commands.restore_district import Command as RestoreCommand
from tenants.models import District, DistrictBackup
from tests.citizen_pages import BEFORE_THE_KIT, THE_KITS_MIGRATIONS, every_photo, seed_every_photo

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


def _sha256(content):
    return hashlib.sha256(content).hexdigest()


def _save(district, name, content):
    with schema_context(district.schema_name):
        return default_storage.save(name, ContentFile(content))


def _set_title(district, slug, title):
    # Through save(), as the product writes: the search index follows, so a backup's index
    # matches its pages and a restore finds nothing to re-index (rows compared exactly).
    with schema_context(district.schema_name):
        page = Page.objects.get(slug=slug)
        page.title_en = title
        page.save()


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
    # Media contents are kept once per district, by checksum, beside the backups' folders.
    assert s3_backups["keys"](f"districts/{district.code}/") == sorted(
        [
            f"districts/{district.code}/{record.name}.json",
            f"districts/{district.code}/media/{_sha256(b'%PDF budget')}",
            f"districts/{district.code}/media/{_sha256(b'forum photo')}",
            f"districts/{district.code}/{record.name}/schema.dump",
        ]
    )
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
    # Created suspended: served only once a provincial admin resumes it.
    assert District.objects.get(code=code).status == District.Status.SUSPENDED
    assert (
        "About the source"
        not in host_client(f"copy{code}.localhost").get("/en/p/about/").content.decode()
    )
    actions.resume_district(District.objects.get(code=code), actor="test")
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


def _migration_rows(district):
    with connection.cursor() as cursor:
        table = sql.Identifier(district.schema_name, "django_migrations")
        cursor.execute(sql.SQL("SELECT app, name FROM {}").format(table))
        return cursor.fetchall()


def _without_migrations(rows):
    return {table: content for table, content in rows.items() if table != "django_migrations"}


def _in_columns_of(rows, before):
    """``rows`` (and ``before``) with only the columns ``before`` had, rows sorted: migrations
    after the backup's may add columns, filled with their defaults on the way forward."""

    def keep(table, content, columns):
        picked = [json.loads(row) for row in content]
        return sorted(
            json.dumps({c: row.get(c) for c in columns}, sort_keys=True) for row in picked
        )

    shaped = {}
    for table, content in before.items():
        columns = sorted(json.loads(content[0])) if content else []
        shaped[table] = (
            keep(table, content, columns),
            keep(table, rows.get(table, []), columns) if table in rows else None,
        )
    return shaped


def test_a_district_backed_up_before_the_content_kits_migrations_restores_migrated_and_whole(
    make_district, host_client
):
    """A backup taken before a deploy that added migrations (the content kit's: the district's
    schema is migrated back to the state before them, as it was then) restores on today's code
    migrated forward, with every row of every table, every photo's copies and every file. Over
    20 s: the district holds the citizen site's whole seed with a photo in every shape the kit
    keeps, dumped, restored and migrated for real."""
    district = make_district()
    seed_every_photo(district)
    with tenant_context(district):
        MigrationExecutor(connection).migrate(BEFORE_THE_KIT)
        photos = every_photo()
    rows, media = _rows(district.schema_name), _media(district)
    assert len(photos) == 5 and all(photos.values())
    assert not THE_KITS_MIGRATIONS & {tuple(row) for row in _migration_rows(district)}

    record = backups.backup_district(district)
    # The deploy migrates the live schema; then photos are lost, rows and files both.
    with tenant_context(district):
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        for photo in NewsPhoto.objects.all():
            for name in photos[("news.NewsPhoto", photo.pk)].values():
                default_storage.delete(name)
            photo.delete()
    backups.restore_district(district.code, backup=record.name)

    restored = _in_columns_of(
        _without_migrations(_rows(district.schema_name)), _without_migrations(rows)
    )
    assert {table: pair for table, pair in restored.items() if pair[0] != pair[1]} == {}
    assert _media(district) == media
    assert THE_KITS_MIGRATIONS <= {tuple(row) for row in _migration_rows(district)}
    with tenant_context(district):
        executor = MigrationExecutor(connection)
        assert not executor.migration_plan(executor.loader.graph.leaf_nodes())
        assert every_photo() == photos
        news = next(iter(NewsPhoto.objects.get().renditions.values()))
    assert host_client(district.primary_domain).get(f"/media/{news}").status_code == 200


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
    # The dump and the content of a-first.txt, stored before the failure, are gone too.
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
    folder = backup_dir / "districts" / district.code
    content = folder / "media" / _sha256(b"stored before the end")
    try:
        _wait_for(content.exists)
    finally:
        child.kill()
        child.wait()
        fifo.unlink()
    [partial] = [path for path in folder.iterdir() if (path / "schema.dump").exists()]

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
    assert not content.exists()  # no complete backup names it


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


# --- incremental media, many districts at once, restored copies ---------------------------------


@pytest.fixture(params=["disk", "s3"])
def stores(request):
    """Backups and media both on disk, or both on moto's S3 over HTTP."""
    if request.param == "s3":
        request.getfixturevalue("s3_media")
        return request.getfixturevalue("s3_backups")
    return None


def _replace(district, name, content):
    with schema_context(district.schema_name):
        default_storage.delete(name)
    assert _save(district, name, content) == name


def _manifest(district, backup_id):
    raw = io.BytesIO()
    backups.stores.backup_store().get(f"districts/{district.code}/{backup_id}.json", raw)
    return json.loads(raw.getvalue())


def test_a_later_backup_stores_only_the_media_that_changed_and_each_restores_every_file(
    stores, make_district
):
    """The first backup stores both files; the second, after one file changed and one was
    added, stores just those two, not the unchanged one; each backup restores exactly the files
    the district had when it was taken."""
    district = make_district()
    _save(district, "photos/kept.jpg", b"never changes")
    _save(district, "docs/plan.pdf", b"%PDF first plan")
    first = backups.backup_district(district)
    media_first = _media(district)
    _replace(district, "docs/plan.pdf", b"%PDF second plan, longer")
    _save(district, "photos/new.jpg", b"new photo")
    second = backups.backup_district(district)
    media_second = _media(district)

    assert _manifest(district, first.name)["media_added"] == 2
    assert _manifest(district, second.name)["media_added"] == 2  # the changed one and the new
    assert sorted(entry["name"] for entry in _manifest(district, second.name)["media"]) == [
        "docs/plan.pdf",
        "photos/kept.jpg",
        "photos/new.jpg",
    ]
    backups.restore_district(district.code, backup=first.name)
    assert _media(district) == media_first
    backups.restore_district(district.code, backup=second.name)
    assert _media(district) == media_second


def test_a_backup_with_nothing_changed_stores_no_media_and_pruning_drops_unused_contents(
    make_district, backup_dir, settings
):
    """Unchanged files are not stored again; once the only backup naming a content is pruned,
    the content goes too, and the kept backup still restores every file."""
    settings.BACKUP_KEEP = 1
    district = make_district()
    _save(district, "old.txt", b"only in the first backup")
    _save(district, "kept.txt", b"in both")
    backups.backup_district(district)
    with schema_context(district.schema_name):
        default_storage.delete("old.txt")
    latest = backups.backup_district(district)
    contents = backup_dir / "districts" / district.code / "media"

    assert _manifest(district, latest.name)["media_added"] == 0
    assert (contents / _sha256(b"only in the first backup")).exists()
    backups.prune_backups(district)
    assert sorted(path.name for path in contents.iterdir()) == [_sha256(b"in both")]
    _save(district, "extra.txt", b"after")
    backups.restore_district(district.code, backup="latest")
    assert _media(district) == {"kept.txt": b"in both"}


def test_a_restore_refuses_a_media_content_that_differs_from_its_checksum(
    make_district, backup_dir
):
    """A content damaged in the store is found before anything changes."""
    district = make_district()
    _save(district, "photos/a.jpg", b"original")
    backups.backup_district(district)
    (backup_dir / "districts" / district.code / "media" / _sha256(b"original")).write_bytes(b"x")

    with pytest.raises(backups.BackupError, match="photos/a.jpg in backup .* is damaged"):
        backups.restore_district(district.code, backup="latest")
    assert _media(district) == {"photos/a.jpg": b"original"}


def test_backing_up_several_districts_runs_them_side_by_side_each_complete(
    make_district, backup_dir
):
    """``backup_district A B C --workers 3 --batch 1``: all three are running at once (each
    started before any finished), and each ends with a complete backup of its own rows."""
    districts = [make_district() for _ in range(3)]
    rows = {district.code: _rows(district.schema_name) for district in districts}
    out = io.StringIO()

    call_command(
        "backup_district",
        *(district.code for district in districts),
        "--workers",
        "3",
        "--batch",
        "1",
        stdout=out,
    )

    records = [backups.latest_complete_backup(district) for district in districts]
    assert all(record.status == COMPLETE for record in records)
    assert max(record.started_at for record in records) < min(r.finished_at for r in records)
    assert out.getvalue().count(" backed up as ") == 3
    for district in districts:
        assert _manifest(district, backups.latest_complete_backup(district).name)["database"][
            "tables"
        ] == {table: len(found) for table, found in rows[district.code].items()}


def test_districts_backed_up_from_one_shared_dump_restore_exactly(make_district, backup_dir):
    """``--batch 3``: three districts share one pg_dump; each backup holds only its own
    schema's script, and a restore brings back exactly the rows it had."""
    districts = [make_district() for _ in range(3)]
    _set_title(districts[1], "about", "Before the backup")
    rows = _rows(districts[1].schema_name)

    call_command(
        "backup_district", *(d.code for d in districts), "--batch", "3", stdout=io.StringIO()
    )
    _set_title(districts[1], "about", "After the backup")
    backups.restore_district(districts[1].code, backup="latest")

    assert _rows(districts[1].schema_name) == rows
    for district in districts:
        record = backups.latest_complete_backup(district)
        assert _manifest(district, record.name)["database"]["file"] == "schema.sql.gz"
        script = gzip.decompress(
            (backup_dir / "districts" / district.code / record.name / "schema.sql.gz").read_bytes()
        ).decode()
        others = {d.schema_name for d in districts} - {district.schema_name}
        assert f"{district.schema_name}.pages_page" in script
        assert not any(other in script for other in others)


def _statements(script):
    """The script's SQL lines, without comments, blank lines and its CREATE SCHEMA."""
    return [
        line
        for line in script.splitlines()
        if line.strip() and not line.startswith("--") and not line.startswith("CREATE SCHEMA")
    ]


def test_a_shared_dumps_script_is_the_one_a_restore_of_the_schemas_own_archive_runs(
    make_district, tmp_path
):
    """The part SharedDump gives a schema is, statement for statement, what ``pg_restore
    --no-owner --no-privileges`` makes of that schema's own ``pg_dump`` (the path of a single
    backup), with the same CREATE SCHEMA first."""
    district, other = make_district(), make_district()
    _save(district, "x.txt", b"x")
    own = tmp_path / "own.dump"
    subprocess.run(
        [backups.pg_tool("pg_dump"), "--format=custom", f"--schema={district.schema_name}",
         f"--file={own}"],
        env={**os.environ, **_libpq_env()},
        check=True,
    )  # fmt: skip
    subprocess.run(
        [backups.pg_tool("pg_restore"), "--no-owner", "--no-privileges",
         f"--file={tmp_path / 'own.sql'}", own],
        check=True,
    )  # fmt: skip
    with SharedDump([other.schema_name, district.schema_name]) as shared:
        part = shared.extract(district.schema_name, tmp_path)

    shared_script = gzip.decompress((tmp_path / part["file"]).read_bytes()).decode()
    own_script = (tmp_path / "own.sql").read_text()
    assert shared_script.startswith(f'CREATE SCHEMA "{district.schema_name}";')
    assert f"CREATE SCHEMA {district.schema_name};" in own_script
    assert _statements(shared_script) == _statements(own_script)
    assert part["tables"]["pages_page"] == len(_rows(district.schema_name)["pages_page"])


def _libpq_env():
    settings_dict = connection.settings_dict
    env = {"PGDATABASE": settings_dict["NAME"], "PGUSER": settings_dict["USER"] or "postgres"}
    if settings_dict["HOST"]:
        env["PGHOST"] = settings_dict["HOST"]
    if settings_dict["PORT"]:
        env["PGPORT"] = str(settings_dict["PORT"])
    if settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


@pytest.mark.parametrize("with_officers", [False, True])
def test_a_copy_restored_into_a_new_district_is_suspended_and_its_officers_cannot_log_in(
    with_officers, make_district, make_officer, unused_district_code, backup_dir
):
    """The copy's officer accounts (copied from the source) are inactive, with no usable
    password, and its sessions are gone; with --with-officers they work as in the source."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from tests.conftest import PASSWORD

    source = make_district()
    email = make_officer(source)
    with schema_context(source.schema_name):
        SessionStore().create()
    backups.backup_district(source)
    code = unused_district_code()
    flags = ["--with-officers"] if with_officers else []

    call_command(
        "restore_district",
        source.code,
        "--backup",
        "latest",
        "--into",
        code,
        "--domain",
        f"copy{code}.localhost",
        *flags,
        stdout=io.StringIO(),
    )

    copy = District.objects.get(code=code)
    assert copy.status == District.Status.SUSPENDED
    with schema_context(copy.schema_name):
        officer = get_user_model().objects.get(username=email)
        assert officer.is_active is with_officers
        assert officer.check_password(PASSWORD) is with_officers
        from django.contrib.sessions.models import Session

        assert Session.objects.exists() is with_officers
    with schema_context(source.schema_name):
        assert get_user_model().objects.get(username=email).check_password(PASSWORD)


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
        assert district.snapshot.figures["pages_published"] == Page.objects.visible().count()

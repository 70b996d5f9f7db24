"""A real Celery worker process killed with SIGKILL mid-task (resizing a photo, rebuilding the
open data, dumping a backup) gives the task back, and the task finishes once, with no second
copy of a file and one backup marked complete; a task that always fails is retried a bounded
number of times with pauses, then lands in the dead letters the operator lists
(platform_site/celery.py)."""

import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context

from district_site.news.models import NewsPhoto, NewsPost
from district_site.opendata import platform as open_data
from district_site.opendata import tasks as open_data_tasks
from platform_site.celery import app
from tenants import outbox, resilience
from tenants import tasks as tenant_tasks
from tenants.models import DeadLetter, DistrictBackup
from tests.district_site.conftest import phone_photo, upload
from tests.district_site.news.test_console import POST

from .conftest import skip_on_the_embedded_database, wait_until, waiting_on_lock, write_to_broker

WORKER_APPLICATION = "srok-fault-test-worker"


@pytest.fixture
def worker_setup(settings, own_redis, tmp_path):
    skip_on_the_embedded_database()
    """Tasks go to the test's own Redis; media in a folder a worker process shares."""
    data = tmp_path / "data"
    settings.MEDIA_ROOT = data / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.BROKER_RETRY_SECONDS = 0
    resilience._breakers.pop("Celery broker", None)
    previous = app.conf.get("broker_write_url")
    write_to_broker(own_redis.url)
    workers = []

    log = open(tmp_path / "worker.log", "ab")  # noqa: SIM115 (closed when the workers are)

    def start_worker(**env):
        db = connection.settings_dict
        worker = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "platform_site", "worker",
                "--pool=prefork", "--concurrency=1", "--loglevel=INFO",
                "-Q", app.conf.task_default_queue, "--without-heartbeat", "--without-gossip",
                "--without-mingle",
            ],
            cwd=settings.BASE_DIR,
            env={
                "PATH": os.environ["PATH"],
                "SROK_DEVELOPMENT": "1",
                "SROK_DATA_DIR": str(data),
                "SROK_CACHE_DIR": str(tmp_path / "cache"),
                "DATABASE_URL": (
                    f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
                ),
                "PGPASSWORD": db["PASSWORD"] or "",
                "CELERY_BROKER_URL": own_redis.url,
                # Its sessions (and pg_dump's) carry this name in pg_stat_activity.
                "PGAPPNAME": WORKER_APPLICATION,
                **env,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        workers.append(worker)
        return worker

    yield start_worker
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGQUIT)  # cold shutdown, the test is over
            try:
                worker.wait(15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    log.close()
    write_to_broker(previous)
    resilience._breakers.pop("Celery broker", None)


def _children(pid):
    """The worker's pool processes (the ones that run tasks)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _kill_the_pool_process_once_it_waits(worker, database):
    """SIGKILL the worker's one pool process once the task it runs waits on the test's lock."""
    wait_until(
        lambda: waiting_on_lock(database, WORKER_APPLICATION) and len(_children(worker.pid)) == 1,
        timeout=90,
        what="the worker's task waiting on the lock",
    )
    (child,) = _children(worker.pid)
    os.kill(child, signal.SIGKILL)


def _post_with_photo(officer, district):
    publisher = officer(district, "publisher")
    publisher.post("/manage/news/new/", {**POST, "photo": upload(phone_photo(1600, 1200))})
    with schema_context(district.schema_name):
        post = NewsPost.objects.get(title_km=POST["title_km"])
        return post, post.photos.get()


def test_a_photo_task_killed_mid_way_runs_again_and_makes_one_set_of_copies(
    worker_setup, officer, make_district
):
    district = make_district()
    post, photo = _post_with_photo(officer, district)  # queued on the test's Redis
    db = connection.settings_dict
    # Hold the photo's row: the worker's task starts, takes the message and waits on it.
    holder = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"] or None,
        host=db["HOST"], port=db["PORT"] or None,
    )  # fmt: skip
    cursor = holder.cursor()
    cursor.execute(
        f"SELECT id FROM {district.schema_name}.news_newsphoto WHERE id = %s FOR UPDATE",
        [photo.pk],
    )
    worker = worker_setup()
    try:
        _kill_the_pool_process_once_it_waits(worker, db["NAME"])
    finally:
        holder.rollback()
        holder.close()

    def ready():
        with schema_context(district.schema_name):
            return NewsPhoto.objects.get(pk=photo.pk).is_ready

    wait_until(ready, timeout=90, interval=0.2, what="photo resized after the kill")
    folder = Path(settings.MEDIA_ROOT) / district.schema_name / "news" / str(post.pk)
    files = sorted(path.name for path in folder.iterdir())
    with schema_context(district.schema_name):
        renditions = NewsPhoto.objects.get(pk=photo.pk).renditions
    assert files == sorted(Path(name).name for name in renditions.values())  # no second copy
    assert not DeadLetter.objects.filter(schema_name=district.schema_name).exists()


def test_a_task_that_always_fails_goes_to_the_dead_letters_after_bounded_retries(
    worker_setup, officer, make_district
):
    district = make_district()
    _post, photo = _post_with_photo(officer, district)
    # The upload is gone (a disk replaced, a bucket emptied): this task can never succeed.
    (Path(settings.MEDIA_ROOT) / district.schema_name / photo.original.name).unlink()

    worker_setup(TASK_MAX_RETRIES="2", TASK_RETRY_BACKOFF="1")

    letter = wait_until(
        lambda: DeadLetter.objects.filter(schema_name=district.schema_name).first(),
        timeout=120,
        interval=0.2,
        what="dead letter",
    )
    assert letter.task == "district_site.content.tasks.finish_photo"
    assert letter.args == ["news.newsphoto", photo.pk]
    assert letter.retries == 2
    assert "FileNotFoundError" in letter.error
    listing = io.StringIO()
    call_command("dead_letters", stdout=listing)
    assert f"{letter.pk}\t" in listing.getvalue()
    assert "finish_photo" in listing.getvalue()


def _holding(sql, params=()):
    """A connection of the test's own that has run ``sql`` in an open transaction (a lock the
    task will wait for); rolled back and closed by the caller."""
    db = connection.settings_dict
    holder = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"] or None,
        host=db["HOST"], port=db["PORT"] or None,
    )  # fmt: skip
    holder.cursor().execute(sql, params)
    return holder


def _kill_the_task_once_it_waits(worker, holder):
    db = connection.settings_dict
    try:
        _kill_the_pool_process_once_it_waits(worker, db["NAME"])
    finally:
        holder.rollback()
        holder.close()


def _lines(log, task, outcome):
    """The worker's log lines about ``task``: "received", "succeeded", "raised"."""
    text = log.read_text(errors="replace")
    return [line for line in text.splitlines() if f"{task.name}[" in line and outcome in line]


def test_an_open_data_rebuild_killed_mid_way_runs_again_and_writes_each_file_once(
    worker_setup, make_district, tmp_path
):
    district = make_district()
    # Hold the assembly's lock: the task writes the district's part, then waits for it.
    holder = _holding("SELECT pg_advisory_lock(%s)", [open_data.ASSEMBLY_LOCK])
    with schema_context(district.schema_name):
        outbox.enqueue_coalesced(open_data_tasks.rebuild_platform_open_data)
    worker = worker_setup()
    _kill_the_task_once_it_waits(worker, holder)

    log = tmp_path / "worker.log"
    task = open_data_tasks.rebuild_platform_open_data
    wait_until(lambda: _lines(log, task, " succeeded "), timeout=90, interval=0.2, what="rebuilt")
    assert len(_lines(log, task, " received")) == 2  # given back after the kill, run again
    assert len(_lines(log, task, " succeeded ")) == 1
    folder = Path(settings.MEDIA_ROOT) / "public" / open_data.PREFIX
    files = sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())
    assert "parts/" + f"{district.code}.json" in files
    assert [name for name in files if name.startswith("parts/")] == [f"parts/{district.code}.json"]
    # Storages save a second file beside an existing one as <name>_<7 characters>.<ext>.
    assert not [name for name in files if re.search(r"_[A-Za-z0-9]{7}\.\w+$", name)], files
    assert not DeadLetter.objects.filter(schema_name=district.schema_name).exists()


def test_a_backup_killed_mid_dump_runs_again_and_one_backup_is_marked_complete(
    worker_setup, make_district, tmp_path
):
    district = make_district()
    # Lock one of the district's tables: the backup counts its rows for the manifest, in the
    # snapshot pg_dump reads, and waits there.
    holder = _holding(f'LOCK TABLE "{district.schema_name}".pages_page IN ACCESS EXCLUSIVE MODE')
    tenant_tasks.backup_district.delay(district.pk)
    worker = worker_setup()
    _kill_the_task_once_it_waits(worker, holder)

    log = tmp_path / "worker.log"
    task = tenant_tasks.backup_district
    wait_until(
        lambda: _lines(log, task, " succeeded "), timeout=120, interval=0.2, what="backed up"
    )
    assert len(_lines(log, task, " received")) == 2  # given back after the kill, run again
    assert len(_lines(log, task, " succeeded ")) == 1
    records = DistrictBackup.objects.filter(district=district)
    statuses = sorted(records.values_list("status", flat=True))
    # The killed attempt's row never becomes complete; the rerun's is the one complete backup.
    assert statuses == [DistrictBackup.Status.COMPLETE, DistrictBackup.Status.RUNNING]
    complete = records.get(status=DistrictBackup.Status.COMPLETE)
    store = tmp_path / "data" / "backups" / "districts" / district.code
    manifests = sorted(path.name for path in store.glob("*.json"))
    assert manifests == [f"{complete.name}.json"]
    dumps = sorted(path.parent.name for path in store.glob("*/schema.dump"))
    assert dumps == [complete.name]  # the killed attempt stored nothing

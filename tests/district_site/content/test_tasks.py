"""The one photo task on the real worker: a task delivered twice for one photo (acks_late
redelivery, a relay repeating a send) waits on the row's lock, then finds the work done; one set
of copies, made once."""

import os

import psycopg2
import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django_tenants.utils import tenant_context

from district_site.content import photos, tasks
from district_site.core import actions as core_actions
from district_site.core.models import DistrictProfile
from district_site.news.models import NewsPhoto, NewsPost
from platform_site.celery import app
from tests.faults.conftest import wait_until, waiting_on_lock

from ..conftest import phone_photo, upload


def _holder():
    db = connection.settings_dict
    return psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"] or None,
        host=db["HOST"], port=db["PORT"] or None,
    )  # fmt: skip


def test_a_photo_task_delivered_twice_resizes_once_behind_the_rows_lock(
    celery_worker, make_district
):
    district = make_district()
    with tenant_context(district):
        post = NewsPost.objects.create(title_km="ព័ត៌មាន", body_km="អត្ថបទ")
        photo = photos.keep(NewsPhoto(post=post), upload(phone_photo(1600, 1200)))
    holder = _holder()
    cursor = holder.cursor()
    # An officer's transaction (or an earlier delivery) holds the photo's row.
    cursor.execute(
        f"SELECT id FROM {district.schema_name}.news_newsphoto WHERE id = %s FOR UPDATE",
        [photo.pk],
    )
    try:
        with tenant_context(district):
            first = tasks.finish_photo.delay("news.newsphoto", photo.pk)
            again = tasks.finish_photo.delay("news.newsphoto", photo.pk)
        wait_until(
            lambda: waiting_on_lock(connection.settings_dict["NAME"]),
            timeout=30,
            what="the task waiting on the row's lock",
        )
        with tenant_context(district):
            assert not NewsPhoto.objects.get(pk=photo.pk).is_ready  # nothing done under the lock
    finally:
        holder.rollback()
        holder.close()

    made = first.get(timeout=60)
    assert again.get(timeout=60) is None  # the second delivery found the upload gone

    with tenant_context(district):
        stored = NewsPhoto.objects.get(pk=photo.pk)
        assert stored.renditions == made and not stored.original
        folder = os.path.dirname(default_storage.path(next(iter(made.values()))))
    assert sorted(os.listdir(folder)) == sorted(os.path.basename(name) for name in made.values())


def test_the_task_refuses_a_model_that_keeps_no_photo(make_district):
    with tenant_context(make_district()), pytest.raises(ValueError, match="keeps no photo"):
        tasks.finish_photo("news.newspost", 1)


def test_photos_queued_under_the_apps_old_task_names_are_still_finished(make_district):
    """Messages waiting in the outbox or the broker at the deploy name the tasks the apps had."""
    with tenant_context(make_district()):
        post = NewsPost.objects.create(title_km="ព័ត៌មាន", body_km="អត្ថបទ")
        photo = photos.keep(NewsPhoto(post=post), upload(phone_photo(800, 600)))
        core_actions.set_photo(upload(phone_photo(800, 600)), actor=None)

        app.tasks["district_site.news.tasks.process_photo"](photo.pk)
        app.tasks["district_site.core.tasks.process_district_photo"]()

        assert NewsPhoto.objects.get(pk=photo.pk).is_ready
        assert DistrictProfile.objects.get().has_photo

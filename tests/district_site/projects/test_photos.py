"""A progress photo is checked on upload, then resized and stripped of its metadata by the
photo task (on the real worker when a broker is configured), tagged before/during/after."""

import time

from django.core.files.storage import default_storage
from django_tenants.utils import tenant_context
from PIL import Image

from district_site.projects.models import ProgressUpdate, ProjectPhoto

from ..conftest import phone_photo, says, upload
from .conftest import make_project


def _wait_for_photos(district, count, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with tenant_context(district):
            photos = list(ProjectPhoto.objects.all())
        if len(photos) >= count and all(photo.is_ready for photo in photos):
            return photos
        time.sleep(0.05)
    raise AssertionError(f"project photos not ready after {timeout}s")


def test_progress_photos_are_resized_by_the_worker_and_shown_on_the_timeline(
    photo_worker, officer, host_client, make_district
):
    district = make_district()
    project = make_project(district, code="WL-1", name_en="Well")

    officer(district, "publisher").post(
        f"/manage/projects/{project.pk}/progress/",
        {
            "date": "2026-03-01",
            "percent": "50",
            "note_km": "",
            "photo_before": upload(phone_photo(1600, 1200)),
            "photo_during": upload(phone_photo(900, 600)),
        },
    )

    photos = _wait_for_photos(district, 2)
    stages = {photo.stage: photo for photo in photos}
    assert sorted(stages) == ["before", "during"]
    assert sorted(map(int, stages["before"].renditions)) == [360, 720, 1280]
    with tenant_context(district):
        for width, name in stages["before"].renditions.items():
            with default_storage.open(name) as stored, Image.open(stored) as image:
                assert image.format == "JPEG" and image.width == int(width)
                assert not image.getexif()
        assert not stages["before"].original
    page = host_client(district.primary_domain).get("/en/projects/WL-1/").content.decode()
    assert " 360w, " in page and "Before the works" in page and "During the works" in page


def test_a_file_that_is_not_a_photo_is_refused_and_the_update_is_not_saved(officer, make_district):
    district = make_district()
    project = make_project(district)

    response = officer(district).post(
        f"/manage/projects/{project.pk}/progress/",
        {
            "date": "2026-03-01",
            "percent": "50",
            "photo_after": upload(b"MZ\x90\x00 not an image", "photo.jpg"),
        },
    )

    assert says(response, "This file is not a photo we can use. Choose a JPEG, PNG or WebP photo.")
    with tenant_context(district):
        assert ProgressUpdate.objects.count() == 0 and ProjectPhoto.objects.count() == 0

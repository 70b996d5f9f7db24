"""Photos are resized to the sizes phones need, re-encoded without their metadata by the photo
task (in process, or on the real worker when a broker is configured), in the uploading
district's schema and storage."""

import io

from django.core.files.storage import default_storage
from django_tenants.utils import tenant_context
from PIL import Image

from district_site.news.models import NewsPost

from ..conftest import phone_photo, upload, wait_for_photos

POST = {
    "title_km": "ទិវាបរិស្ថាន",
    "body_km": "ដាំដើមឈើ",
    "category": "activity",
    "publish_at": "2026-01-15T08:00",
}


def _post(district):
    with tenant_context(district):
        return NewsPost.objects.get()


def test_a_phone_photo_is_resized_and_stripped_of_its_location(
    photo_worker, officer, host_client, make_district
):
    district = make_district()
    publisher = officer(district, "publisher")
    publisher.post("/manage/news/new/", {**POST, "photo": upload(phone_photo(1600, 1200))})
    post = _post(district)
    publisher.post(f"/manage/news/{post.pk}/publish/")

    [photo] = wait_for_photos(district, post.pk)

    assert sorted(map(int, photo.renditions)) == [360, 720, 1280]
    assert (photo.width, photo.height) == (1600, 1200)
    with tenant_context(district):
        assert not photo.original
        for width, name in photo.renditions.items():
            with default_storage.open(name) as stored, Image.open(stored) as image:
                assert image.format == "JPEG"
                assert image.width == int(width)
                assert not image.getexif()
                assert "exif" not in image.info
        if default_storage.exists("news/uploads"):
            assert default_storage.listdir("news/uploads")[1] == []
    page = host_client(district.primary_domain).get(f"/en/news/{post.pk}/").content.decode()
    assert 'srcset="/media/news/' in page and " 360w, " in page and " 1280w" in page


def test_a_small_photo_is_never_enlarged(photo_worker, officer, make_district):
    district = make_district()
    publisher = officer(district, "publisher")
    png = phone_photo(200, 150, kind="PNG")

    publisher.post("/manage/news/new/", {**POST, "photo": upload(png, "small.png", "image/png")})

    [photo] = wait_for_photos(district, _post(district).pk)
    assert list(photo.renditions) == ["200"]


def test_a_districts_photo_is_not_served_on_another_districts_host(
    photo_worker, officer, host_client, make_district
):
    district_a, district_b = make_district(), make_district()
    publisher = officer(district_a, "publisher")
    publisher.post("/manage/news/new/", {**POST, "photo": upload(phone_photo(800, 600))})
    publisher.post(f"/manage/news/{_post(district_a).pk}/publish/")
    [photo] = wait_for_photos(district_a, _post(district_a).pk)
    path = "/media/" + photo.renditions["720"]

    on_a = host_client(district_a.primary_domain).get(path)
    assert on_a.status_code == 200
    assert Image.open(io.BytesIO(b"".join(on_a.streaming_content))).width == 720
    assert host_client(district_b.primary_domain).get(path).status_code == 404

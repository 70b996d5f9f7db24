"""The district's photo: set by a publisher with the contact details, re-encoded by the photo
task like news photos, shown on the home page and in every shared link."""

import re
import time

from django_tenants.utils import tenant_context
from PIL import Image

from district_site.core.models import DistrictProfile

from ..conftest import phone_photo, upload

DETAILS = {"office_hours_km": "ច័ន្ទ ដល់ សុក្រ", "photo_description_en": "The district office"}


def _wait_for_photo(district, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with tenant_context(district):
            profile = DistrictProfile.current()
        if profile.photo_renditions and not profile.photo_upload:
            return profile
        time.sleep(0.05)
    raise AssertionError(f"the district photo was not resized after {timeout}s")


def _meta(body, key):
    return re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', body)


def test_a_publishers_photo_is_resized_and_shown_on_the_home_page_and_in_shares(
    officer, host_client, make_district, photo_worker
):
    district = make_district()
    publisher = officer(district, "publisher")

    response = publisher.post(
        "/manage/contact-details/", {**DETAILS, "photo": upload(phone_photo(2000, 1500))}
    )

    assert response.status_code == 302
    profile = _wait_for_photo(district)
    assert sorted(profile.photo_renditions, key=int) == ["360", "720", "1280"]
    with tenant_context(district):
        storage = profile.photo_upload.storage
        with storage.open(profile.photo_renditions["720"]) as file, Image.open(file) as im:
            assert im.width == 720 and not im.getexif()  # no camera, no location
    citizen = host_client(district.primary_domain)
    home = citizen.get("/en/").content.decode()
    assert re.search(r'<img class="district-photo" [^>]*alt="The district office"', home)
    assert "-360.jpg 360w" in home
    about = citizen.get("/en/p/about/").content.decode()
    image = _meta(about, "og:image").group(1)
    assert image.startswith(f"http://{district.primary_domain}:8000/media/district/")
    assert _meta(about, "twitter:card").group(1) == "summary_large_image"
    assert citizen.get(image.split(":8000", 1)[1])["Content-Type"] == "image/jpeg"


def test_a_file_that_is_not_a_photo_is_refused_and_the_details_not_half_saved(
    officer, make_district
):
    district = make_district()
    publisher = officer(district, "publisher")
    fake = upload(b"%PDF-1.4 not a photo", name="office.jpg")

    response = publisher.post("/manage/contact-details/", {**DETAILS, "photo": fake})

    assert response.status_code == 200
    with tenant_context(district):
        assert not DistrictProfile.objects.exists()


def test_the_photo_can_be_removed(officer, host_client, make_district, photo_worker):
    district = make_district()
    publisher = officer(district, "publisher")
    publisher.post("/manage/contact-details/", {**DETAILS, "photo": upload(phone_photo())})
    _wait_for_photo(district)

    publisher.post("/manage/contact-details/", {**DETAILS, "remove_photo": "on"})

    with tenant_context(district):
        assert DistrictProfile.current().photo_renditions == {}
    home = host_client(district.primary_domain).get("/en/").content.decode()
    assert "district-photo" not in home and not _meta(home, "og:image")


def test_one_districts_photo_never_shows_on_anothers_site(
    officer, host_client, make_district, photo_worker
):
    district_a, district_b = make_district(), make_district()
    officer(district_a, "publisher").post(
        "/manage/contact-details/", {**DETAILS, "photo": upload(phone_photo())}
    )
    profile = _wait_for_photo(district_a)

    home_b = host_client(district_b.primary_domain).get("/en/").content.decode()
    name = profile.photo_renditions["360"]

    assert "district-photo" not in home_b
    assert host_client(district_b.primary_domain).get(f"/media/{name}").status_code == 404

"""Fixtures of the district site's tests: officers logged in through the real login form,
photos as phones save them (with EXIF, including a location), and the photo worker."""

import io
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape
from django_tenants.utils import tenant_context
from PIL import Image

from tests.conftest import PASSWORD


def says(response, message):
    """Whether the page shows ``message`` as officers read it: the console is in Khmer, so in
    the Khmer catalogue's words once the message is translated, in English until then."""
    with translation.override("km"):
        text = escape(translation.gettext(message))
    return text in response.content.decode()


def second_factor_code(district, email):
    """The code a district administrator's authenticator app shows now: their app device is
    set up first if it is not yet (two-step login is required for them; the two-step tests
    set it up through the console itself)."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import current_code

    with tenant_context(district):
        user = get_user_model().objects.get(username=email)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator app")
        return current_code(device)


def log_in(client, email, password=PASSWORD):
    """Log in through the real form; a district administrator also gives the app's code."""
    from tenants.models import Domain, OfficerRole

    district = Domain.objects.district_for_host(client.defaults["HTTP_HOST"])
    data = {"username": email, "password": password}
    with tenant_context(district):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=email).first()
        is_admin = (
            user is not None and user.groups.filter(name=OfficerRole.DISTRICT_ADMIN.value).exists()
        )
    if is_admin:
        data["otp_token"] = second_factor_code(district, email)
    return client.post("/manage/login/", data)


@pytest.fixture
def officer(host_client, make_officer):
    """A client logged in as a new officer of ``district`` with ``role``."""

    def make(district, role="editor"):
        client = host_client(district.primary_domain)
        client.email = make_officer(district, role)
        assert log_in(client, client.email).status_code == 302
        return client

    return make


def phone_photo(width=1600, height=1200, *, kind="JPEG"):
    """A photo as a phone saves it: with EXIF naming the camera and where it was taken."""
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model 7"  # Model
    exif.get_ifd(0x8825).update({1: "N", 2: (13.0, 36.0, 0.0), 3: "E", 4: (102.0, 46.0, 0.0)})
    out = io.BytesIO()
    image.save(out, kind, exif=exif.tobytes())
    return out.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def photo_worker(request):
    """Where photo tasks run: in process when no broker is configured, else on the real
    worker over Redis (the celery_worker fixture)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    return request.getfixturevalue("celery_worker")


def wait_for_photos(district, post_id, count=1, timeout=30):
    """The post's photos once the photo task has resized them all."""
    from district_site.news.models import NewsPhoto

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with tenant_context(district):
            photos = list(NewsPhoto.objects.filter(post_id=post_id))
        if len(photos) >= count and all(photo.is_ready for photo in photos):
            return photos
        time.sleep(0.05)
    raise AssertionError(f"photos of post {post_id} not ready after {timeout}s")

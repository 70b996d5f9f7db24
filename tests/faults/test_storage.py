"""When media storage fails (S3 stopped, the local disk full), an upload is refused with a clear
message in Khmer, nothing is half-saved, and citizens' pages still render, a photo storage cannot
give drawn as a placeholder (tenants/storage.py, tenants/unavailable.py,
district_site/core/media_access.py)."""

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tenants.utils import schema_context
from PIL import Image

from district_site.content.photos import finish
from district_site.news import actions as news_actions
from district_site.news.models import NewsPhoto, NewsPost
from district_site.revisions import actions as revisions
from tests.district_site.conftest import phone_photo, upload
from tests.district_site.news.test_console import POST

REFUSAL_KM = "មិនអាចរក្សាទុកឯកសារបាននៅពេលនេះទេ"


@pytest.fixture
def own_s3(settings):
    """moto's S3 API on its own port, with the production storage pointed at it."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="srok-test", aws_secret_access_key="srok-test",
    ).create_bucket(Bucket="srok-faults")  # fmt: skip
    from botocore.config import Config

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tenants.storage.SchemaS3Storage",
            "OPTIONS": {
                "bucket_name": "srok-faults",
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": "srok-test",
                "secret_key": "srok-test",
                "addressing_style": "path",
                "file_overwrite": False,
                "client_config": Config(
                    connect_timeout=1, read_timeout=2, retries={"max_attempts": 1}
                ),
            },
        },
    }
    yield server
    try:
        server.stop()
    except Exception:  # already stopped by the test
        pass


def _nothing_stored(district):
    with schema_context(district.schema_name):
        return not NewsPost.objects.exists() and not NewsPhoto.objects.exists()


def _refused(response):
    return response.status_code == 503 and REFUSAL_KM in response.content.decode()


def test_an_upload_while_s3_is_stopped_is_refused_in_khmer_and_nothing_is_saved(
    own_s3, officer, make_district, host_client
):
    district = make_district()
    publisher = officer(district, "publisher")
    own_s3.stop()

    response = publisher.post("/manage/news/new/", {**POST, "photo": upload(phone_photo(800, 600))})

    assert _refused(response)
    assert POST["body_km"].split("\n")[0] in response.content.decode()  # the text is kept
    assert _nothing_stored(district)
    for path in ("/", "/news/", "/en/news/", "/manage/news/"):
        client = publisher if path.startswith("/manage/") else host_client(district.primary_domain)
        assert client.get(path).status_code == 200, path


def _noise_photo():
    image = Image.effect_noise((1200, 900), 120).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


@pytest.fixture
def small_disk(settings):
    """MEDIA_ROOT on a 256 KB tmpfs, where the machine lets the test mount one."""
    directory = Path(tempfile.mkdtemp(prefix="srok-faults-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(directory)], capture_output=True
    )
    if mounted.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.decode().strip()})")
    settings.MEDIA_ROOT = directory
    yield directory
    subprocess.run(["umount", str(directory)], check=False)
    os.rmdir(directory)


def test_an_upload_to_a_full_disk_is_refused_and_leaves_no_partial_file(
    small_disk, officer, make_district
):
    district = make_district()
    publisher = officer(district, "publisher")
    photo = _noise_photo()
    assert len(photo) > 256 * 1024

    response = publisher.post("/manage/news/new/", {**POST, "photo": upload(photo)})

    assert _refused(response)
    assert _nothing_stored(district)
    # The district's own area (the run's worker may meanwhile write platform files elsewhere).
    leftovers = [p for p in (small_disk / district.schema_name).rglob("*") if p.is_file()]
    assert leftovers == []


def test_a_backup_while_s3_is_stopped_is_recorded_as_failed_and_retried(settings, make_district):
    """The nightly backup reports the failure (a failed record, never a complete one) and its
    task is set to try again later."""
    import boto3
    from moto.server import ThreadedMotoServer

    from tenants import backups, tasks
    from tenants.models import DistrictBackup

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="srok-test", aws_secret_access_key="srok-test",
    ).create_bucket(Bucket="srok-faults-backups")  # fmt: skip
    settings.BACKUP_BUCKET = "srok-faults-backups"
    settings.BACKUP_S3_ENDPOINT_URL = endpoint
    settings.BACKUP_S3_REGION_NAME = "us-east-1"
    settings.BACKUP_ACCESS_KEY_ID = "srok-test"
    settings.BACKUP_SECRET_ACCESS_KEY = "srok-test"
    district = make_district()
    server.stop()

    with pytest.raises(backups.BackupError):
        backups.backup_district(district)

    record = DistrictBackup.objects.get(district=district)
    assert record.status == DistrictBackup.Status.FAILED
    assert backups.latest_complete_backup(district) is None
    assert backups.BackupError in tasks.backup_district.autoretry_for
    assert tasks.backup_district.max_retries >= 1


def _published_post_with_photo(district):
    """A published news post whose photo the worker has resized; returns its renditions' names."""
    with schema_context(district.schema_name):
        post = NewsPost(title_km="ព័ត៌មាន", body_km="អត្ថបទ", publish_at=timezone.now())
        news_actions.create_post(post, photo=upload(phone_photo(800, 600)), actor="test")
        photo = NewsPhoto.objects.get(post=post)
        finish(NewsPhoto, photo.pk)
        revisions.set_published(post, True, actor="test")
        photo.refresh_from_db()
        return post, sorted(photo.renditions.values())


def _is_placeholder(response):
    if response.status_code != 404 or response["Content-Type"] != "image/png":
        return False
    assert response["Cache-Control"] == "no-store"  # back as soon as the file is
    return Image.open(io.BytesIO(response.content)).size[0] > 0


def test_a_photo_whose_file_is_lost_is_a_placeholder_image_and_one_warning(
    settings, tmp_path, make_district, host_client, caplog
):
    settings.MEDIA_ROOT = tmp_path / "media"
    district, other = make_district(), make_district()
    _post, names = _published_post_with_photo(district)
    lost, kept = names[0], names[-1]
    with schema_context(district.schema_name):
        default_storage.delete(lost)
    citizen = host_client(district.primary_domain)

    with caplog.at_level("WARNING", logger="district_site.core.media_access"):
        response = citizen.get(f"/media/{lost}")

    assert _is_placeholder(response)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("django")] == []
    assert [r.getMessage() for r in caplog.records if r.name.endswith("media_access")] == [
        f"media: {lost} of district {district.schema_name} is missing from storage; "
        "a placeholder was served"
    ]
    assert citizen.get(f"/media/{kept}").status_code == 200  # the others are served as ever
    # A name no content of the district names stays a bare 404, here and on another district.
    assert not _is_placeholder(citizen.get("/media/news/made-up-640.jpg"))
    assert not _is_placeholder(host_client(other.primary_domain).get(f"/media/{lost}"))


def test_chromium_draws_the_placeholder_where_the_photo_was(
    settings, tmp_path, make_district, phone, live_port
):
    """Browsers draw an image that comes with a 404: the page keeps its picture's place."""
    settings.MEDIA_ROOT = tmp_path / "media"
    district = make_district()
    post, names = _published_post_with_photo(district)
    with schema_context(district.schema_name):
        for name in names:
            default_storage.delete(name)
        page = f"http://{district.primary_domain}:{live_port}{post.get_absolute_url()}"

    phone.goto(page)
    drawn = phone.evaluate(
        """() => [...document.images].filter(i => i.currentSrc.includes('/media/'))
                 .map(i => i.complete && i.naturalWidth)"""
    )

    assert drawn and all(width > 0 for width in drawn), drawn


def test_while_s3_is_stopped_photos_are_placeholders_and_the_outage_is_logged_once(
    own_s3, make_district, host_client, caplog
):
    district = make_district()
    _post, names = _published_post_with_photo(district)
    citizen = host_client(district.primary_domain)
    assert citizen.get(f"/media/{names[0]}").status_code == 302  # the presigned link
    own_s3.stop()

    with caplog.at_level("WARNING"):
        answers = [citizen.get(f"/media/{name}") for name in names * 2]

    assert all(_is_placeholder(response) for response in answers)
    outage = [r.getMessage() for r in caplog.records if "Media storage" in r.getMessage()]
    assert len(outage) == 1 and "is unreachable" in outage[0]
    assert citizen.get("/en/news/").status_code == 200

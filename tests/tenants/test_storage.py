"""A district's files live under its own prefix and are served only on its own host."""

import os
import urllib.request

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tenants.utils import schema_context


def _save(district, name, content):
    with schema_context(district.schema_name):
        return default_storage.save(name, ContentFile(content))


def test_a_file_saved_in_a_lands_under_as_prefix_on_disk(district_a):
    name = _save(district_a, "photos/governor.jpg", b"photo of A")

    path = os.path.join(settings.MEDIA_ROOT, district_a.schema_name, name)
    with open(path, "rb") as fh:
        assert fh.read() == b"photo of A"


def test_b_cannot_read_as_file_by_its_url_on_disk(host_client, district_a, district_b):
    name = _save(district_a, "docs/budget.pdf", b"A's budget")

    on_a = host_client(district_a.primary_domain).get(f"/media/{name}")
    on_b = host_client(district_b.primary_domain).get(f"/media/{name}")

    assert on_a.status_code == 200
    assert b"".join(on_a.streaming_content) == b"A's budget"
    assert on_b.status_code == 404


def test_the_same_name_in_two_districts_keeps_two_files(district_a, district_b):
    name_a = _save(district_a, "logo.png", b"logo A")
    name_b = _save(district_b, "logo.png", b"logo B")

    with schema_context(district_a.schema_name):
        assert default_storage.open(name_a).read() == b"logo A"
    with schema_context(district_b.schema_name):
        assert default_storage.open(name_b).read() == b"logo B"


def test_a_path_that_climbs_out_of_the_prefix_is_refused(host_client, district_a, district_b):
    name = _save(district_b, "private.txt", b"B only")

    response = host_client(district_a.primary_domain).get(
        f"/media/../{district_b.schema_name}/{name}"
    )

    assert response.status_code == 404


def test_a_file_saved_in_a_lands_under_as_prefix_on_s3(s3_media, district_a):
    name = _save(district_a, "photos/forum.jpg", b"forum photo")

    obj = s3_media["client"].get_object(
        Bucket=s3_media["bucket"], Key=f"{district_a.schema_name}/{name}"
    )
    assert obj["Body"].read() == b"forum photo"


def test_b_cannot_read_as_s3_file_by_its_url(s3_media, host_client, district_a, district_b):
    name = _save(district_a, "docs/minutes.pdf", b"A's minutes")

    on_a = host_client(district_a.primary_domain).get(f"/media/{name}")
    on_b = host_client(district_b.primary_domain).get(f"/media/{name}")

    assert on_a.status_code == 302
    with urllib.request.urlopen(on_a["Location"]) as presigned:  # noqa: S310 (loopback moto)
        assert presigned.read() == b"A's minutes"
    assert on_b.status_code == 404

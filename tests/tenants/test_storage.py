"""A district's files live under its own prefix and are served only on its own host. The files
here belong to no published content, so only the district's own officers may have them
(district_site.core.media_access); an officer of the other district never finds them."""

import os
import threading
import urllib.request

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD


def _save(district, name, content):
    with schema_context(district.schema_name):
        return default_storage.save(name, ContentFile(content))


def _officer(host_client, make_officer, district):
    client = host_client(district.primary_domain)
    email = make_officer(district)
    answer = client.post("/manage/login/", {"username": email, "password": PASSWORD})
    assert answer.status_code == 302
    return client


def test_a_file_saved_in_a_lands_under_as_prefix_on_disk(district_a):
    name = _save(district_a, "photos/governor.jpg", b"photo of A")

    path = os.path.join(settings.MEDIA_ROOT, district_a.schema_name, name)
    with open(path, "rb") as fh:
        assert fh.read() == b"photo of A"


def test_b_cannot_read_as_file_by_its_url_on_disk(
    host_client, make_officer, district_a, district_b
):
    name = _save(district_a, "docs/budget.pdf", b"A's budget")

    on_a = _officer(host_client, make_officer, district_a).get(f"/media/{name}")
    on_b = _officer(host_client, make_officer, district_b).get(f"/media/{name}")

    assert on_a.status_code == 200
    assert b"".join(on_a.streaming_content) == b"A's budget"
    assert on_b.status_code == 404


def test_the_same_name_in_two_districts_keeps_two_files(district_a, district_b):
    name_a = _save(district_a, "logo.png", b"logo A")
    name_b = _save(district_b, "logo.png", b"logo B")

    with schema_context(district_a.schema_name), default_storage.open(name_a) as file:
        assert file.read() == b"logo A"
    with schema_context(district_b.schema_name), default_storage.open(name_b) as file:
        assert file.read() == b"logo B"


def test_a_path_that_climbs_out_of_the_prefix_is_refused(
    host_client, make_officer, district_a, district_b
):
    name = _save(district_b, "private.txt", b"B only")

    response = _officer(host_client, make_officer, district_a).get(
        f"/media/../{district_b.schema_name}/{name}"
    )

    assert response.status_code == 404


def test_a_file_saved_in_a_lands_under_as_prefix_on_s3(s3_media, district_a):
    name = _save(district_a, "photos/forum.jpg", b"forum photo")

    obj = s3_media["client"].get_object(
        Bucket=s3_media["bucket"], Key=f"{district_a.schema_name}/{name}"
    )
    assert obj["Body"].read() == b"forum photo"


def test_b_cannot_read_as_s3_file_by_its_url(
    s3_media, host_client, make_officer, district_a, district_b
):
    name = _save(district_a, "docs/minutes.pdf", b"A's minutes")

    on_a = _officer(host_client, make_officer, district_a).get(f"/media/{name}")
    on_b = _officer(host_client, make_officer, district_b).get(f"/media/{name}")

    assert on_a.status_code == 302
    with urllib.request.urlopen(on_a["Location"]) as presigned:  # noqa: S310 (loopback moto)
        assert presigned.read() == b"A's minutes"
    assert on_b.status_code == 404


def _replaced_while_read(district, rounds=25):
    """Replace one file ``rounds`` times, alternating two contents of 256 KB, while another
    thread reads it as fast as it can; what the reader got, in order."""
    versions = [bytes([65 + index]) * 262_144 for index in range(2)]
    name = "opendata/budget.csv"
    with schema_context(district.schema_name):
        storage = storages.create_storage(settings.STORAGES["default"])
        storage.replace(name, ContentFile(versions[0]))
    seen = []
    done = threading.Event()

    def read():
        with schema_context(district.schema_name):
            while not done.is_set():
                try:
                    with storage.open(name) as handle:
                        seen.append(handle.read())
                except FileNotFoundError as missing:
                    seen.append(missing)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        with schema_context(district.schema_name):
            for round_ in range(rounds):
                assert storage.replace(name, ContentFile(versions[round_ % 2])) == name
    finally:
        done.set()
        reader.join()
    return versions, seen


def _unexpected(seen, versions):
    return [
        repr(got) if isinstance(got, Exception) else len(got) for got in seen if got not in versions
    ][:3]


def test_a_file_replaced_on_disk_is_never_missing_or_half_written_for_a_reader(district_a):
    versions, seen = _replaced_while_read(district_a)

    assert seen and all(got in versions for got in seen), _unexpected(seen, versions)
    folder = os.path.join(settings.MEDIA_ROOT, district_a.schema_name, "opendata")
    assert os.listdir(folder) == ["budget.csv"]  # no partial file left beside it


def test_a_file_replaced_on_s3_is_never_missing_for_a_reader(s3_media, district_a):
    versions, seen = _replaced_while_read(district_a, rounds=10)

    assert seen and all(got in versions for got in seen), _unexpected(seen, versions)
    listed = s3_media["client"].list_objects_v2(
        Bucket=s3_media["bucket"], Prefix=f"{district_a.schema_name}/opendata/"
    )
    assert [item["Key"] for item in listed["Contents"]] == [
        f"{district_a.schema_name}/opendata/budget.csv"
    ]

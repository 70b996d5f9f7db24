"""Projects and forums in the open data: the demo's projects and forums, published as officers
would, downloaded through the district's host and the platform's as anyone would. The GeoJSON
holds only projects with a point, as [longitude, latitude]; nothing personal is ever in a file;
one district's projects never in another's files; and publishing, withdrawing or reporting
progress announces itself so the platform-wide files are rebuilt."""

import csv
import io
import time

import pytest
from django.conf import settings
from django.db import transaction
from django_tenants.utils import tenant_context

from district_site.core.signals import content_published
from district_site.forums.models import Forum
from district_site.projects import actions as project_actions
from district_site.projects.models import LATITUDE_RANGE, LONGITUDE_RANGE, Project
from district_site.revisions import actions as revisions
from tenants.links import district_url

from .conftest import seed_published
from .test_platform import rebuild

PLATFORM = settings.PLATFORM_DOMAIN


@pytest.fixture(scope="module")
def seeded_pair(make_district, django_db_blocker):
    """Two districts with the demo's content, shared by the tests that only read them (or
    change nothing another test here reads): test districts come from a limited pool of codes."""
    with django_db_blocker.unblock():
        return seed_published(make_district()), seed_published(make_district())


def csv_rows(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def check_geojson(collection):
    """RFC 7946 as far as our files use it: a FeatureCollection of Point features, each with
    two numbers in [longitude, latitude] order (Cambodia's longitudes and latitudes do not
    overlap, so a swap cannot pass) and an object of properties."""
    assert collection["type"] == "FeatureCollection"
    assert isinstance(collection["features"], list)
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert all(isinstance(value, float) for value in (lon, lat))
        assert float(LONGITUDE_RANGE[0]) <= lon <= float(LONGITUDE_RANGE[1])
        assert float(LATITUDE_RANGE[0]) <= lat <= float(LATITUDE_RANGE[1])
        assert isinstance(feature["properties"], dict)


def test_the_projects_geojson_holds_each_published_project_with_a_point_as_lon_lat(
    seeded_pair, host_client
):
    district = seeded_pair[0]
    response = host_client(district.primary_domain).get("/open-data/projects.geojson")

    collection = response.json()

    assert response["Content-Type"] == "application/geo+json"
    assert 'rel="license"' in response["Link"]
    check_geojson(collection)
    with tenant_context(district):
        placed = {
            p.code: [float(p.longitude), float(p.latitude)]
            for p in Project.objects.visible()
            if p.has_point
        }
        unplaced = {p.code for p in Project.objects.visible() if not p.has_point}
    assert unplaced, "the demo has a project without a point"
    found = {f["properties"]["code"]: f["geometry"]["coordinates"] for f in collection["features"]}
    assert found == placed
    feature = collection["features"][0]["properties"]
    assert feature["district_code"] == district.code
    assert feature["province_code"] == district.province_code
    assert collection["metadata"]["version"] == response["X-Dataset-Version"]


def test_a_draft_or_withdrawn_project_is_in_no_file(published_district, host_client):
    district = published_district()
    with tenant_context(district):
        withdrawn = Project.objects.visible().filter(latitude__isnull=False).first()
        revisions.set_published(withdrawn, False, actor="publisher@example")
        draft = Project(
            code="DRAFT-1",
            name_km="សេចក្តីព្រាង",
            sector="04",
            funding_source="own",
            commune_code=withdrawn.commune_code,
            latitude=withdrawn.latitude,
            longitude=withdrawn.longitude,
        )
        revisions.create(draft, actor="editor@example")
    client = host_client(district.primary_domain)

    codes = {row["code"] for row in csv_rows(client, "/open-data/projects.csv")}
    progress = {row["project_code"] for row in csv_rows(client, "/open-data/project-progress.csv")}
    features = client.get("/open-data/projects.geojson").json()["features"]

    assert len(codes) == 11
    for hidden in (withdrawn.code, "DRAFT-1"):
        assert hidden not in codes and hidden not in progress
        assert hidden not in {feature["properties"]["code"] for feature in features}


def test_project_rows_carry_places_money_progress_and_the_budget_line(seeded_pair, host_client):
    district = seeded_pair[0]
    client = host_client(district.primary_domain)

    rows = {row["code"]: row for row in csv_rows(client, "/open-data/projects.csv")}
    progress = csv_rows(client, "/open-data/project-progress.csv")

    road = rows["RD-01"]
    assert road["status"] == "completed" and road["progress_percent"] == "100"
    assert road["contract_amount"] == "205000000"
    assert road["commune_code"].startswith(district.code) and road["commune_name_km"]
    assert road["budget_year"] and road["budget_line_key"].startswith("[")
    assert rows["SC-05"]["budget_year"] == "" and rows["SC-05"]["budget_line_key"] == ""
    assert rows["SN-11"]["latitude"] == rows["SN-11"]["longitude"] == ""
    school = [row for row in progress if row["project_code"] == "SC-05"]
    assert [row["percent"] for row in school] == ["15", "45", "40"]
    assert school[-1]["note_en"] == "Corrected after remeasurement"
    assert rows["SC-05"]["progress_percent"] == "40"
    assert rows["SC-05"]["progress_date"] == school[-1]["date"]


def test_forum_rows_are_attendance_counts_and_a_lasting_minutes_address_without_names(
    seeded_pair, host_client
):
    district = seeded_pair[0]
    client = host_client(district.primary_domain)

    rows = {row["status"]: row for row in csv_rows(client, "/open-data/forums.csv")}
    everything = client.get("/open-data/forums.json").content.decode()

    held, announced = rows["held"], rows["announced"]
    attendance = (held["women"], held["men"], held["total"], held["questions"])
    assert attendance == ("58", "47", "105", "2")
    assert (announced["women"], announced["total"], announced["questions"]) == ("", "", "0")
    assert announced["minutes_url"] == ""
    assert held["minutes_url"] == district_url(district, f"/forums/{held['forum_id']}/minutes/")
    minutes = client.get(f"/forums/{held['forum_id']}/minutes/")
    assert minutes.status_code == 302
    assert client.get(minutes["Location"]).status_code == 200
    # Who asked, what they asked, who answered: never in the data.
    for private in ("អភិបាលស្រុក", "When will the laterite road", "ប្រធានការិយាល័យសង្គមកិច្ច"):
        assert private not in everything


def test_the_minutes_address_of_a_draft_forum_is_not_found(published_district, host_client):
    district = published_district()
    with tenant_context(district):
        held = Forum.objects.exclude(minutes="").get()
        revisions.set_published(held, False, actor="publisher@example")

    response = host_client(district.primary_domain).get(f"/forums/{held.pk}/minutes/")

    assert response.status_code == 404


def test_a_districts_projects_and_forums_never_reach_another_districts_files(
    seeded_pair, host_client
):
    district_a, district_b = seeded_pair
    with tenant_context(district_a):
        own_only = Project.objects.visible().filter(latitude__isnull=False).first()
        revisions.change(own_only, {"name_en": "Only in A"}, actor="a", may_publish=True)

    for district, other in ((district_a, district_b), (district_b, district_a)):
        client = host_client(district.primary_domain)
        for name in ("projects", "project-progress", "forums"):
            codes = {row["district_code"] for row in csv_rows(client, f"/open-data/{name}.csv")}
            assert codes == {district.code}
        features = client.get("/open-data/projects.geojson").json()["features"]
        assert {f["properties"]["district_code"] for f in features} == {district.code}
        assert other.code not in client.get("/open-data/projects.geojson").content.decode()
    assert "Only in A" not in host_client(district_b.primary_domain).get(
        "/open-data/projects.geojson"
    ).content.decode("utf-8")


def test_the_datapackage_and_catalogue_list_the_geojson(seeded_pair, host_client):
    district = seeded_pair[0]
    rebuild(district)

    package = host_client(district.primary_domain).get("/open-data/datapackage.json").json()
    platform = host_client(PLATFORM)
    platform_package = platform.get("/open-data/datapackage.json").json()
    catalogue = platform.get("/open-data/catalog.jsonld").json()

    for descriptor in (package, platform_package):
        resource = next(r for r in descriptor["resources"] if r["name"] == "projects-geojson")
        assert resource["format"] == "geojson"
        assert resource["mediatype"] == "application/geo+json"
        assert resource["path"] == "projects.geojson"
    entries = {entry["dct:identifier"]: entry for entry in catalogue["dcat:dataset"]}
    for identifier, url in (
        (f"srok-{district.code}-projects", district_url(district, "/open-data/projects.geojson")),
        ("srok-projects", "/open-data/projects.geojson"),
    ):
        downloads = {
            d["dct:format"]: d["dcat:downloadURL"]["@id"]
            for d in entries[identifier]["dcat:distribution"]
        }
        assert downloads["GeoJSON"].endswith(url)
    assert "GeoJSON" not in {
        d["dct:format"] for d in entries[f"srok-{district.code}-forums"]["dcat:distribution"]
    }
    assert 'href="/open-data/projects.geojson"' in platform.get("/en/open-data/").content.decode()


def test_the_platform_wide_geojson_holds_both_districts_labelled(seeded_pair, host_client):
    district_a, district_b = seeded_pair
    rebuild(district_a)
    rebuild(district_b)

    response = host_client(PLATFORM).get("/open-data/projects.geojson")
    collection = response.json()

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    check_geojson(collection)
    for district in (district_a, district_b):
        own = [
            f["properties"]
            for f in collection["features"]
            if f["properties"]["district_code"] == district.code
        ]
        with tenant_context(district):
            placed = {p.code for p in Project.objects.visible() if p.has_point}
        assert placed and {p["code"] for p in own} == placed
        assert {p["province_code"] for p in own} == {district.province_code}
    platform_projects = csv_rows(host_client(PLATFORM), "/open-data/projects.csv")
    assert {row["district_code"] for row in platform_projects} >= {district_a.code, district_b.code}


def _announcements(work):
    """The kinds ``work`` announced with content_published, and whether each came inside a
    transaction (so a rebuild runs only once it is committed)."""
    heard = []

    def listen(sender, kind, **kwargs):
        heard.append((kind, transaction.get_connection().in_atomic_block))

    content_published.connect(listen, dispatch_uid="test-listen")
    try:
        work()
    finally:
        content_published.disconnect(dispatch_uid="test-listen")
    return heard


def test_publishing_withdrawing_and_reporting_progress_announce_a_publication(
    published_district,
):
    district = published_district()
    with tenant_context(district):
        project = Project.objects.visible().get(code="RD-06")
        forum = Forum.objects.visible().first()
        draft = Project(
            code="NEW-1",
            name_km="ថ្មី",
            sector="04",
            funding_source="own",
            commune_code=project.commune_code,
        )

        created = _announcements(lambda: revisions.create(draft, actor="editor"))
        draft_edit = _announcements(
            lambda: revisions.change(draft, {"name_en": "New"}, actor="editor", may_publish=True)
        )
        published = _announcements(lambda: revisions.set_published(draft, True, actor="publisher"))
        withdrawn = _announcements(lambda: revisions.set_published(draft, False, actor="publisher"))
        progress = _announcements(
            lambda: project_actions.add_progress(
                project, date=project.start_date, percent=30, actor="publisher"
            )
        )
        forum_withdrawn = _announcements(
            lambda: revisions.set_published(forum, False, actor="publisher")
        )

    assert created == draft_edit == []
    assert published == withdrawn == progress == [("projects", True)]
    assert forum_withdrawn == [("forums", True)]


def _platform_feature(client, district, code):
    response = client.get("/open-data/projects.geojson")
    if response.status_code != 200:
        return None
    return next(
        (
            feature
            for feature in response.json()["features"]
            if (feature["properties"]["district_code"], feature["properties"]["code"])
            == (district.code, code)
        ),
        None,
    )


@pytest.mark.worker
def test_a_published_project_reaches_the_platform_wide_geojson_through_the_worker(
    published_district, host_client, celery_worker
):
    district = published_district()
    celery_worker.control.purge()
    with tenant_context(district):
        placed = Project.objects.visible().filter(latitude__isnull=False).first()
        project = Project(
            code="WORKER-1",
            name_km="គម្រោងថ្មី",
            sector="04",
            funding_source="own",
            commune_code=placed.commune_code,
            latitude=placed.latitude,
            longitude=placed.longitude,
        )
        revisions.create(project, actor="editor")
        revisions.set_published(project, True, actor="publisher")
    client = host_client(PLATFORM)

    deadline = time.monotonic() + 180
    found = _platform_feature(client, district, "WORKER-1")
    while found is None and time.monotonic() < deadline:
        time.sleep(0.2)
        found = _platform_feature(client, district, "WORKER-1")

    assert found, "the platform-wide GeoJSON never showed the published project"
    assert found["geometry"]["coordinates"] == [float(placed.longitude), float(placed.latitude)]
    assert found["properties"]["province_code"] == district.province_code

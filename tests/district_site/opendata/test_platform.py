"""The platform-wide open data: every active district's rows in one file per dataset, labelled
with district and province codes, built by a task from per-district parts and served on the
platform's host with a datapackage.json and a DCAT catalogue."""

import csv
import io
import time

import frictionless
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django_tenants.utils import tenant_context

from district_site.budget import actions as budget_actions
from district_site.budget.demo import demo_lines
from district_site.budget.importer import build_template
from district_site.budget.models import Budget
from district_site.opendata import actions, platform
from tenants import actions as tenant_actions
from tenants.links import district_url

from .conftest import add_feedback

PLATFORM = settings.PLATFORM_DOMAIN


def rebuild(district):
    """What the task does, in the district's schema: its part, then the platform-wide files."""
    with tenant_context(district):
        platform.write_district_part()
        platform.assemble()


def rows_of(client, name):
    response = client.get(f"/open-data/{name}.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_platform_wide_files_hold_each_districts_rows_correctly_labelled(
    published_district, host_client
):
    district_a, district_b = published_district(), published_district()
    add_feedback(district_b)
    with tenant_context(district_b):
        actions.choose_licence("CC0-1.0", actor="admin@example")
    rebuild(district_a)
    rebuild(district_b)
    client = host_client(PLATFORM)

    budget = rows_of(client, "budget")
    feedback = rows_of(client, "feedback-statistics")
    districts = {row["district_code"]: row for row in rows_of(client, "districts")}

    for district in (district_a, district_b):
        own = [row for row in budget if row["district_code"] == district.code]
        assert len(own) == 69
        assert {row["province_code"] for row in own} == {district.province_code}
        assert districts[district.code]["name_en"] == district.name_en
    received = {code: 0 for code in (district_a.code, district_b.code)}
    for row in feedback:
        if row["district_code"] in received:
            received[row["district_code"]] += int(row["received"])
    assert (received[district_a.code], received[district_b.code]) == (2, 4)
    assert districts[district_a.code]["licence"] == "CC-BY-4.0"
    assert districts[district_b.code]["licence"] == "CC0-1.0"


def test_a_suspended_district_leaves_the_platform_wide_files(published_district, host_client):
    district_a, district_b = published_district(), published_district()
    rebuild(district_a)
    tenant_actions.suspend_district(district_b, actor="province")
    rebuild(district_a)

    codes = {row["district_code"] for row in rows_of(host_client(PLATFORM), "budget")}

    assert district_a.code in codes and district_b.code not in codes


def test_the_platform_wide_datapackage_validates_with_frictionless(
    published_district, host_client, tmp_path
):
    """The platform-wide package as a data portal reads it. Slow (about 10-30 s): frictionless
    reads and type-checks every row of every resource."""
    district = published_district()
    rebuild(district)
    client = host_client(PLATFORM)
    descriptor = client.get("/open-data/datapackage.json").json()
    (tmp_path / "datapackage.json").write_bytes(client.get("/open-data/datapackage.json").content)
    for resource in descriptor["resources"]:
        (tmp_path / resource["path"]).write_bytes(
            client.get(f"/open-data/{resource['path']}").content
        )

    report = frictionless.validate(tmp_path / "datapackage.json")

    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])
    assert "districts" in {resource["name"] for resource in descriptor["resources"]}


def test_the_dcat_catalogue_names_each_dataset_with_publisher_licence_date_and_files(
    published_district, host_client
):
    district = published_district()
    rebuild(district)
    client = host_client(PLATFORM)

    response = client.get("/open-data/catalog.jsonld")
    catalogue = response.json()
    datasets = {entry["dct:identifier"]: entry for entry in catalogue["dcat:dataset"]}
    own = datasets[f"srok-{district.code}-budget"]

    assert response["Content-Type"] == "application/ld+json"
    assert catalogue["@type"] == "dcat:Catalog" and "dcat" in catalogue["@context"]
    assert "srok-budget" in datasets and "srok-feedback-statistics" in datasets
    assert own["dct:title"] and own["dct:description"]
    assert own["dct:publisher"]["foaf:name"] == district.name_en
    assert own["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    assert own["dct:modified"]["@value"].endswith("Z")
    downloads = {d["dct:format"]: d["dcat:downloadURL"]["@id"] for d in own["dcat:distribution"]}
    assert set(downloads) == {"CSV", "XLSX", "JSON"}
    assert downloads["CSV"] == district_url(district, "/open-data/budget.csv")


def test_the_platform_page_lists_the_files_and_the_catalogue(published_district, host_client):
    district = published_district()
    rebuild(district)

    page = host_client(PLATFORM).get("/en/open-data/").content.decode()

    assert 'href="/open-data/budget.csv"' in page
    assert 'href="/open-data/catalog.jsonld"' in page


def test_platform_files_are_stored_on_s3_when_media_is(published_district, host_client, s3_media):
    district = published_district()
    rebuild(district)

    listed = s3_media["client"].list_objects_v2(
        Bucket=s3_media["bucket"], Prefix="public/open-data/"
    )
    names = {item["Key"] for item in listed.get("Contents", [])}
    codes = {row["district_code"] for row in rows_of(host_client(PLATFORM), "budget")}

    assert {"public/open-data/budget.csv", f"public/open-data/parts/{district.code}.json"} <= names
    assert district.code in codes


def _publish_correction(district):
    """The 2026 plan published again with its first revenue line raised by 7 riel; returns
    that line."""
    lines = demo_lines(district.code, 2026, executed=False)
    lines[0]["planned"] += 7
    with tenant_context(district):
        budget = Budget.objects.get(year=2026)
        data = build_template(year=2026, district_code=district.code, lines=lines)
        budget_actions.import_budget(budget, ContentFile(data, name="fix.xlsx"), actor="t")
        budget_actions.publish_budget(budget, actor="publisher@example")
    return lines[0]


def _platform_budget_rows(client, district, year, version):
    response = client.get("/open-data/budget.csv")
    if response.status_code != 200:
        return []
    return [
        row
        for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        if (row["district_code"], row["fiscal_year"], row["budget_version"])
        == (district.code, str(year), str(version))
    ]


@pytest.mark.worker
def test_a_correction_reaches_the_platform_wide_file_through_the_worker(
    published_district, host_client, celery_worker
):
    district = published_district()
    # Rebuilds queued by other tests' publications, while no worker ran, are stale here.
    celery_worker.control.purge()
    corrected = _publish_correction(district)
    client = host_client(PLATFORM)

    deadline = time.monotonic() + 180
    found = _platform_budget_rows(client, district, 2026, 2)
    while not found and time.monotonic() < deadline:
        time.sleep(0.2)
        found = _platform_budget_rows(client, district, 2026, 2)

    assert found, "the platform-wide budget never showed version 2 of 2026"
    line = next(row for row in found if row["name_en"] == corrected["name_en"])
    assert line["planned"] == str(corrected["planned"])
    assert line["latest"] == "true"

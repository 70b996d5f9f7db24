"""A district's open data files, downloaded through its own host as anyone would: described by
a datapackage.json that the frictionless library validates, each file valid against its schema,
CSV readable by Excel (UTF-8 with BOM), each naming its version and licence, and holding only
this district's rows, never personal data."""

import csv
import io
import json

import frictionless
import pytest
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from district_site.opendata import actions

from .conftest import PRIVATE


def download_package(client, folder):
    """datapackage.json and every file it names, saved side by side as a portal would."""
    response = client.get("/open-data/datapackage.json")
    assert response.status_code == 200
    descriptor = response.json()
    (folder / "datapackage.json").write_bytes(response.content)
    for resource in descriptor["resources"]:
        file = client.get(f"/open-data/{resource['path']}")
        assert file.status_code == 200, resource["path"]
        (folder / resource["path"]).write_bytes(file.content)
    return descriptor


def test_the_datapackage_and_every_file_validate_with_frictionless(
    shared_published, host_client, tmp_path
):
    district = shared_published[0]
    descriptor = download_package(host_client(district.primary_domain), tmp_path)

    report = frictionless.validate(tmp_path / "datapackage.json")

    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])
    names = {resource["name"] for resource in descriptor["resources"]}
    assert {"budget", "budget-xlsx", "budget-json", "execution", "feedback-statistics"} <= names
    # Every resource was read, rows and all: an empty file would validate too.
    # A JSON file is itself a resource with its rows inline: frictionless reads it "in memory".
    rows = {
        task.name + ("-json" if task.place == "<memory>" else ""): task.stats.get("rows")
        for task in report.tasks
    }
    assert len(report.tasks) == len(descriptor["resources"])
    assert rows["budget"] == rows["budget-xlsx"] == rows["budget-json"] > 0
    assert rows["execution"] == rows["execution-json"] == 4 * rows["budget"]
    assert rows["feedback-statistics-json"] == rows["feedback-statistics-xlsx"] > 0
    assert rows["projects"] == rows["projects-xlsx"] == rows["projects-json"] == 12
    assert rows["project-progress"] == rows["project-progress-json"] > 12
    assert rows["forums"] == rows["forums-xlsx"] == 2
    assert "projects-geojson" in names and "projects-geojson" in rows


def test_budget_files_keep_every_published_version_with_fiscal_concepts(
    shared_published, host_client
):
    district = shared_published[0]
    client = host_client(district.primary_domain)

    budget = list(
        csv.DictReader(io.StringIO(client.get("/open-data/budget.csv").content.decode("utf-8-sig")))
    )
    package = client.get("/open-data/datapackage.json").json()

    assert {(row["fiscal_year"], row["budget_version"]) for row in budget} == {
        ("2025", "1"), ("2025", "2"), ("2026", "1")
    }  # fmt: skip
    latest = {
        (row["fiscal_year"], row["budget_version"]) for row in budget if row["latest"] == "true"
    }
    assert latest == {("2025", "2"), ("2026", "1")}
    assert {row["direction"] for row in budget} == {"revenue", "expenditure"}
    assert all(row["district_code"] == district.code for row in budget)
    resource = next(r for r in package["resources"] if r["name"] == "budget")
    columns = {field["name"]: field.get("columnType") for field in resource["schema"]["fields"]}
    assert columns["fiscal_year"] == "date:fiscal-year"
    assert columns["direction"] == "direction"
    assert columns["planned"] == columns["executed"] == "value"
    phases = {m["source"]: m["phase"] for m in resource["model"]["measures"].values()}
    assert phases == {"planned": "approved", "revised": "adjusted", "executed": "executed"}


def test_each_download_names_its_version_and_licence_and_csv_opens_in_excel(
    shared_published, host_client
):
    district = shared_published[0]
    client = host_client(district.primary_domain)

    csv_file = client.get("/open-data/budget.csv")
    json_file = client.get("/open-data/budget.json").json()
    workbook = load_workbook(io.BytesIO(client.get("/open-data/budget.xlsx").content))
    about = dict(workbook["about"].iter_rows(values_only=True))

    assert csv_file.content.startswith(b"\xef\xbb\xbf")
    assert "ប្រាក់បំណាច់ក្រុមប្រឹក្សា" in csv_file.content.decode("utf-8-sig")
    version = csv_file["X-Dataset-Version"]
    assert version in csv_file["Content-Disposition"].replace("-", "").replace(":", "") or (
        version.replace("-", "").replace(":", "") in csv_file["Content-Disposition"]
    )
    assert 'rel="license"' in csv_file["Link"] and "by/4.0" in csv_file["Link"]
    assert json_file["version"] == about["version"] == version
    assert json_file["licenses"][0]["name"] == "CC-BY-4.0"
    assert "CC-BY-4.0" in about["licenses"]
    assert workbook.sheetnames[0] == "data"


def test_the_licence_the_district_administrator_chooses_is_named_in_every_file(
    published_district, host_client
):
    district = published_district()
    with tenant_context(district):
        actions.choose_licence("CC0-1.0", actor="admin@example")
    client = host_client(district.primary_domain)

    package = client.get("/open-data/datapackage.json").json()
    data = client.get("/open-data/feedback-statistics.json").json()

    assert [licence["name"] for licence in package["licenses"]] == ["CC0-1.0"]
    assert data["licenses"][0]["name"] == "CC0-1.0"
    assert "publicdomain/zero" in client.get("/open-data/budget.csv")["Link"]


def test_a_districts_files_never_hold_another_districts_rows(shared_published, host_client):
    district_a, district_b = shared_published

    for district, other in ((district_a, district_b), (district_b, district_a)):
        client = host_client(district.primary_domain)
        for name in ("budget", "execution", "feedback-statistics"):
            rows = list(
                csv.DictReader(
                    io.StringIO(client.get(f"/open-data/{name}.csv").content.decode("utf-8-sig"))
                )
            )
            assert rows and {row["district_code"] for row in rows} == {district.code}
            assert other.code not in {row["district_code"] for row in rows}


def test_feedback_statistics_are_counts_without_any_personal_data(shared_published, host_client):
    district = shared_published[0]
    client = host_client(district.primary_domain)

    rows = client.get("/open-data/feedback-statistics.json").json()["data"]
    everything = b"".join(
        client.get(f"/open-data/{name}.{kind}").content
        for name in ("budget", "execution", "feedback-statistics")
        for kind in ("csv", "json")
    ).decode("utf-8", "replace")

    assert {row["category"]: row["received"] for row in rows} == {"budget": 1, "service": 1}
    assert {row["category"]: row["answers_published"] for row in rows} == {
        "budget": 1,
        "service": 0,
    }
    for private in (*PRIVATE, district.tracking_code):
        assert private not in everything


@pytest.mark.parametrize("path", ["/open-data/nothing.csv", "/open-data/budget.pdf"])
def test_an_unknown_file_is_not_found(shared_published, host_client, path):
    district = shared_published[0]
    assert host_client(district.primary_domain).get(path).status_code == 404


def test_the_open_data_page_lists_every_dataset_with_its_downloads_in_khmer_and_english(
    shared_published, host_client
):
    district = shared_published[0]
    client = host_client(district.primary_domain)

    khmer = client.get("/open-data/").content.decode()
    english = client.get("/en/open-data/").content.decode()

    for name in ("budget", "execution", "feedback-statistics"):
        assert f'href="/open-data/{name}.csv"' in english
        assert f'href="/open-data/{name}.xlsx"' in khmer
    assert "Budget execution by quarter" in english
    assert "Creative Commons Attribution 4.0" in english
    assert json.loads(client.get("/open-data/datapackage.json").content)["name"].startswith("srok-")

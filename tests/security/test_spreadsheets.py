"""Formula injection: no CSV or XLSX the project writes carries officers' text as a formula
(tenants.spreadsheets). Every text column of every open-data dataset is filled with hostile
text and written in each format; then the real files are downloaded: a district's open data,
the platform-wide files, the province's scorecard CSV, and the budget and execution template,
which must also read back exactly what it wrote."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from district_site.budget import actions as budget_actions
from district_site.budget.demo import demo_lines
from district_site.budget.importer import SHEETS, build_template
from district_site.budget.models import Budget
from district_site.opendata import formats, platform
from district_site.opendata.registry import datasets
from tenants import spreadsheets
from tenants.models import District
from tests.district_site.conftest import log_in

from .conftest import HOSTILE_CELLS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBERS = {"integer": -5, "number": -2.5, "year": 2026}


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(body):
    return list(csv.reader(io.StringIO(body.decode("utf-8").lstrip("\ufeff"))))


def read_xlsx(body, sheet=0):
    wb = load_workbook(io.BytesIO(body))
    return wb.worksheets[sheet]


def assert_no_formula(body):
    """No cell of any sheet of the .xlsx ``body`` is a formula."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, name
                assert 't="str"' not in xml, name


@pytest.mark.parametrize("value", HOSTILE_CELLS)
def test_a_formula_like_csv_cell_gets_an_apostrophe(value):
    assert spreadsheets.csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", [-5, 3.5, 0, "Ou Chrov", "ស្រុកអូរជ្រៅ", "2026-01-01", "", None])
def test_numbers_and_plain_text_are_left_as_they_are(value):
    assert spreadsheets.csv_cell(value) == value


def _hostile_rows(dataset, text):
    row = {}
    for field in dataset.all_fields:
        if field.type == "string" and not field.enum:
            row[field.name] = text
        elif field.type in NUMBERS:
            row[field.name] = NUMBERS[field.type]
        else:
            row[field.name] = None
    return [row]


@pytest.mark.parametrize("text", HOSTILE_CELLS)
def test_every_text_column_of_every_dataset_is_neutralised_and_numbers_stay_numbers(text):
    """Walks every dataset the apps declare: each free-text column holds ``text``, each
    numeric column a negative number; the CSV prefixes the text only, the XLSX holds the text
    exactly, as a string, never as a formula."""
    walked = 0
    for dataset in datasets():
        rows = _hostile_rows(dataset, text)
        names = dataset.field_names
        about = {"dataset": dataset.name, "version": "test"}
        header, line = read_csv(formats.to_csv(names, rows))
        assert header == names
        body = formats.to_xlsx(names, rows, about)
        assert_no_formula(body)
        cells = {c.value: c for c in read_xlsx(body)[2] if c.value is not None}
        for field, written in zip(dataset.all_fields, line, strict=True):
            value = rows[0][field.name]
            if isinstance(value, str):
                assert written == "'" + text, (dataset.name, field.name)
                assert cells[text].data_type == "s"
                walked += 1
            elif isinstance(value, int | float):
                assert written == str(value), (dataset.name, field.name)
                assert cells[value].data_type == "n"
    assert walked >= 10  # the walk met many text columns, or it proves nothing


def _officer(district, make_officer, role="district_admin"):

    client = Client(HTTP_HOST=district.primary_domain)
    email = make_officer(district, role)
    assert log_in(client, email).status_code
    return client


def _stored_text(district, year):
    with tenant_context(district):
        budget = Budget.objects.get(year=year)
        return sorted(
            (line.name_km, line.name_en, line.activity)
            for line in budget.lines.order_by("direction", "position")
        )


def test_budget_template_keeps_hostile_labels_as_text_and_reads_them_back_exactly(
    make_district, make_officer
):
    """Labels typed in the console that begin with "=", "+", "-" or "@" go into the officer's
    template as text (never a formula), and importing that same file again (budget, then
    execution) changes nothing: the round trip is lossless. Stored labels never begin with
    a tab or carriage return (every form and the importer strip them)."""
    district = make_district()
    year = 2027
    labels = [text for text in HOSTILE_CELLS if not text[0].isspace()]
    with tenant_context(district):
        budget_actions.load_classifications()
        budget = budget_actions.open_budget(year, actor="test")
        lines = demo_lines(district.code, year, executed=False)
        for index, line in enumerate(lines):
            label = labels[index % len(labels)]
            line.update(name_km=f"{label} {index}", name_en=label, activity=label)
        data = build_template(year=year, district_code=district.code, lines=lines)
        budget_actions.import_budget(budget, SimpleUploadedFile("b.xlsx", data), actor="test")
    before = _stored_text(district, year)
    assert any(name.startswith("=") for name, _en, _activity in before)

    officer = _officer(district, make_officer)
    template = officer.get(f"/manage/budget/{year}/template.xlsx")
    assert template.status_code == 200
    body = template.content
    assert_no_formula(body)
    sheet = load_workbook(io.BytesIO(body))[SHEETS["expenditure"]]
    texts = [cell for row in sheet.iter_rows(min_row=3) for cell in row if cell.value]
    hostile = [cell for cell in texts if spreadsheets.is_formula_like(cell.value)]
    assert hostile and all(cell.data_type == "s" and cell.quotePrefix for cell in hostile)

    response = officer.post(f"/manage/budget/{year}/", {"file": SimpleUploadedFile("t.xlsx", body)})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _stored_text(district, year) == before

    with tenant_context(district):
        budget_actions.publish_budget(Budget.objects.get(year=year), actor="test")
    response = officer.post(
        f"/manage/budget/{year}/",
        {"execution-file": SimpleUploadedFile("e.xlsx", body), "execution": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _stored_text(district, year) == before


def test_open_data_files_of_a_district_and_of_the_platform_carry_no_formula(
    make_district, make_officer
):
    """A budget published with hostile labels: the district's budget CSV and XLSX, and the
    platform-wide ones assembled from every district's part."""
    district = make_district()
    year = 2028
    with tenant_context(district):
        budget_actions.load_classifications()
        budget = budget_actions.open_budget(year, actor="test")
        lines = demo_lines(district.code, year, executed=False)
        for index, line in enumerate(lines):
            line["name_km"] = f"{HOSTILE_CELLS[index % len(HOSTILE_CELLS)].strip()} {index}"
        data = build_template(year=year, district_code=district.code, lines=lines)
        budget_actions.import_budget(budget, SimpleUploadedFile("b.xlsx", data), actor="test")
        budget_actions.publish_budget(budget, actor="test")
        platform.write_district_part(district)
    platform.assemble()

    for client in (Client(HTTP_HOST=district.primary_domain), Client(HTTP_HOST="localhost")):
        csv_body = client.get("/open-data/budget.csv")
        assert csv_body.status_code == 200
        rows = read_csv(body_of(csv_body))
        column = rows[0].index("name_km")
        names = [row[column] for row in rows[1:] if row[0] == district.code]
        assert names and all(not spreadsheets.is_formula_like(name) for name in names)
        assert any(name.startswith("'=") for name in names)
        amount = rows[0].index("planned")
        assert all(row[amount].lstrip("-").isdigit() for row in rows[1:] if row[amount])

        xlsx_body = client.get("/open-data/budget.xlsx")
        assert xlsx_body.status_code == 200
        body = body_of(xlsx_body)
        assert_no_formula(body)
        cells = [row[column] for row in read_xlsx(body).iter_rows(min_row=2)]
        hostile = [cell for cell in cells if spreadsheets.is_formula_like(cell.value)]
        assert hostile and all(cell.data_type == "s" for cell in hostile)


def test_the_scorecard_csv_neutralises_district_names(make_district, console_client):
    district = make_district()
    District.objects.filter(pk=district.pk).update(
        name_km=HOSTILE_CELLS[0], name_en=HOSTILE_CELLS[1]
    )
    response = console_client.get("/en/console/?format=csv")
    assert response.status_code == 200
    rows = read_csv(response.content)
    found = [row for row in rows if row[0] == district.code]
    assert found
    assert all(not spreadsheets.is_formula_like(cell) for row in rows for cell in row)
    assert any(cell.startswith("'=") for cell in found[0])


def test_every_tabular_download_of_a_district_carries_no_formula(make_district):
    """Every dataset, in CSV and XLSX, downloaded from a district whose projects, progress
    notes and forums carry hostile text (as an officer could type it): no CSV cell begins like
    a formula, no XLSX cell is one."""
    from district_site.forums.models import Forum
    from district_site.projects.models import ProgressUpdate, Project
    from tests.district_site.opendata.conftest import seed_published

    district = seed_published(make_district())
    with tenant_context(district):
        Project.objects.update(
            name_km=HOSTILE_CELLS[0], name_en=HOSTILE_CELLS[2], contractor=HOSTILE_CELLS[4]
        )
        ProgressUpdate.objects.update(note_km=HOSTILE_CELLS[1], note_en=HOSTILE_CELLS[8])
        Forum.objects.update(venue_km=HOSTILE_CELLS[3], venue_en=HOSTILE_CELLS[5])
        names = [dataset.name for dataset in datasets()]
    client = Client(HTTP_HOST=district.primary_domain)
    seen_hostile = 0
    for name in names:
        response = client.get(f"/open-data/{name}.csv")
        assert response.status_code == 200, name
        for row in read_csv(body_of(response))[1:]:
            assert not any(spreadsheets.is_formula_like(cell) for cell in row), (name, row)
            seen_hostile += any(cell.startswith("'") for cell in row)
        response = client.get(f"/open-data/{name}.xlsx")
        assert response.status_code == 200, name
        assert_no_formula(body_of(response))
    assert seen_hostile >= 3  # projects, progress and forums rows held the hostile text

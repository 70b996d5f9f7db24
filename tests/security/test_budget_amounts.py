"""An amount too large for its column, in an imported budget or execution workbook or typed in
the console, is a problem on its row and column stating the largest amount accepted, in the
officer's language; nothing is written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from district_site.budget import actions as budget_actions
from district_site.budget.demo import demo_lines
from district_site.budget.importer import SHEETS, build_template
from district_site.budget.models import MAX_AMOUNT, Budget
from tests.district_site.conftest import log_in

from .conftest import english, khmer

TOO_LARGE = [
    1e20,
    1e300,
    2 * 2**63,
    MAX_AMOUNT + 1,
    "9" * 5000,
    "១" * 40,  # Khmer digits
    "--5",
]
MESSAGE = "The amount is too large: at most %(max)s riel."


def _officer(district, make_officer):
    client = Client(HTTP_HOST=district.primary_domain, raise_request_exception=False)
    email = make_officer(district, "district_admin")
    log_in(client, email)
    return client


def _file(district, year, lines, column, value):
    data = build_template(year=year, district_code=district.code, lines=lines)
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEETS["expenditure"]]
    headers = [cell.value for cell in ws[2]]
    ws.cell(row=3, column=headers.index(column) + 1, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _lines(district, year):
    with tenant_context(district):
        return [
            (line.name_km, line.planned, line.q1)
            for line in Budget.objects.get(year=year).lines.order_by("pk")
        ]


@pytest.fixture
def district_with_draft(make_district):
    district = make_district()
    with tenant_context(district):
        budget_actions.load_classifications()
        budget = budget_actions.open_budget(2026, actor="test")
        lines = demo_lines(district.code, 2026, executed=False)
        data = build_template(year=2026, district_code=district.code, lines=lines)
        budget_actions.import_budget(budget, SimpleUploadedFile("b.xlsx", data), actor="test")
        budget_actions.publish_budget(budget, actor="test")
    district.lines = lines
    return district


def test_a_budget_amount_too_large_is_a_problem_on_its_row_and_nothing_is_written(
    district_with_draft, make_officer
):
    district = district_with_draft
    officer = _officer(district, make_officer)
    before = _lines(district, 2026)
    limit = f"{MAX_AMOUNT:,}"
    for value in TOO_LARGE:
        body = _file(district, 2026, district.lines, "Planned (riel)", value)
        response = officer.post(
            "/manage/budget/2026/", {"file": SimpleUploadedFile("b.xlsx", body)}
        )
        assert response.status_code == 400, value
        page = response.content.decode()
        if value == "--5":
            assert "--5" in page  # not a whole number: said as such
        else:
            assert khmer(MESSAGE, max=limit) in page, value
        assert _lines(district, 2026) == before


def test_an_executed_amount_too_large_is_refused_the_same_way(district_with_draft, make_officer):
    district = district_with_draft
    officer = _officer(district, make_officer)
    before = _lines(district, 2026)
    for value in TOO_LARGE[:5]:
        body = _file(district, 2026, district.lines, "Executed Q1 (riel)", value)
        response = officer.post(
            "/manage/budget/2026/",
            {"execution-file": SimpleUploadedFile("e.xlsx", body), "execution": "1"},
        )
        assert response.status_code == 400, value
        assert khmer(MESSAGE, max=f"{MAX_AMOUNT:,}") in response.content.decode()
        assert _lines(district, 2026) == before


def test_the_largest_amount_is_accepted(district_with_draft):
    district = district_with_draft
    lines = [dict(line) for line in district.lines]
    lines[-1]["planned"] = MAX_AMOUNT
    with tenant_context(district):
        data = build_template(year=2026, district_code=district.code, lines=lines)
        budget = Budget.objects.get(year=2026)
        budget_actions.import_budget(budget, SimpleUploadedFile("b.xlsx", data), actor="test")
        assert budget.lines.filter(planned=MAX_AMOUNT).exists()


def test_an_amount_typed_too_large_in_the_console_is_refused_in_english_too(
    district_with_draft, make_officer
):
    district = district_with_draft
    officer = _officer(district, make_officer)
    officer.get("/manage/language/en/")
    with tenant_context(district):
        line = Budget.objects.get(year=2026).lines.order_by("pk").first()
    data = {
        "direction": line.direction,
        "subprogramme": line.subprogramme,
        "economic": line.economic,
        "sector": line.sector,
        "source": line.source,
        "name_km": line.name_km,
        "planned": str(2 * 2**63),
    }
    response = officer.post(f"/manage/budget/2026/lines/{line.pk}/", data)
    assert response.status_code in (200, 400)
    assert english(MESSAGE, max=f"{MAX_AMOUNT:,}") in response.content.decode()

"""Quarterly execution: the officer types what was spent in the template's quarter columns and
imports it all or nothing, matched to the draft's lines by their codes and Khmer name; a
publisher publishes it as an execution report, frozen, hash-chained and recorded in the public
schema as budget versions are, and citizens read the executed amounts and % executed."""

import hashlib
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tenants.utils import schema_context, tenant_context
from openpyxl import load_workbook

from district_site.budget import actions, history
from district_site.budget.importer import BudgetFileError, build_template
from district_site.budget.models import BudgetLine, ExecutionVersion
from tenants.models import PublishedHash

from .conftest import EXPENDITURE, REVENUE, in_khmer, upload, workbook_bytes

# Budget of conftest: revenue dm_admin 1,250,000,000 and own 95,000,000; expenditure council
# 420,000,000, fuel 60,000,000 and road 210,000,000 revised to 230,000,000.


def _published_budget(draft):
    district, budget = draft()
    with tenant_context(district):
        actions.import_budget(budget, upload(workbook_bytes(district, 2025)), actor="t")
        actions.publish_budget(budget, actor="t")
    return district, budget


def _execution_file(district, budget, executed):
    """The console's template (the draft's lines filled in) with ``executed`` typed in:
    {Khmer name: [q1, q2, ...]}."""
    with tenant_context(district):
        lines = history.frozen_lines(budget.lines.order_by("direction", "position"))
        template = build_template(year=budget.year, district_code=district.code, lines=lines)
    wb = load_workbook(io.BytesIO(template))
    for sheet, first_quarter in ((REVENUE, 7), (EXPENDITURE, 10)):
        ws = wb[sheet]
        name_column = first_quarter - 4
        for row in ws.iter_rows(min_row=3):
            amounts = executed.get(row[name_column - 1].value)
            if amounts is not None:
                for offset in range(4):
                    row[first_quarter - 1 + offset].value = (
                        amounts[offset] if offset < len(amounts) else None
                    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _import(district, budget, data):
    with tenant_context(district), translation.override("en"):
        return actions.import_execution(budget, upload(data), actor="t")


def _problems(district, budget, data):
    try:
        _import(district, budget, data)
    except BudgetFileError as error:
        return [(p.sheet, p.row, p.column, p.message) for p in error.problems]
    raise AssertionError("the file was imported")


def _executed(district):
    with tenant_context(district):
        return {
            line.name_km: (line.q1, line.q2, line.q3, line.q4) for line in BudgetLine.objects.all()
        }


FIRST_HALF = {
    "ប្រាក់បំណាច់ក្រុមប្រឹក្សា": [100_000_000, 110_000_000],
    "ប្រេងឥន្ធនៈ": [15_000_000, 14_000_000],
    "ផ្លូវក្រួសក្រហម": [0, 120_000_000],
    "មូលនិធិស្រុក ផ្នែករដ្ឋបាល": [600_000_000, 0],
    "កម្រៃសេវា": [20_000_000, 22_000_000],
}


def test_executed_amounts_are_imported_into_the_drafts_lines(draft):
    district, budget = _published_budget(draft)

    count = _import(district, budget, _execution_file(district, budget, FIRST_HALF))

    assert count == 5
    assert _executed(district)["ផ្លូវក្រួសក្រហម"] == (0, 120_000_000, 0, 0)
    assert _executed(district)["ប្រេងឥន្ធនៈ"] == (15_000_000, 14_000_000, 0, 0)


def test_a_published_report_reaches_the_citizen_page_with_percent_executed(draft, host_client):
    district, budget = _published_budget(draft)
    _import(district, budget, _execution_file(district, budget, FIRST_HALF))
    with tenant_context(district):
        report = actions.publish_execution(budget, 2, actor="t")

    page = host_client(district.primary_domain).get("/en/budget/2025/").content.decode()
    row = re.search(r'<tr id="total-expenditure">(.*?)</tr>', page, re.S).group(1)

    # Expenditure: 420 + 60 + 230 (revised) = 710 million; executed 210 + 29 + 120 = 359
    # million, 51%.
    assert report.number == 1 and report.quarter == 2
    # Each exact figure is followed by its rounded reading.
    assert (
        '<td>710,000,000<span class="readable">710 million riel</span></td>'
        '<td>359,000,000<span class="readable">359 million riel</span></td><td>51%</td>'
    ) in row
    assert "Executed amounts up to the end of quarter 2" in page
    programme = host_client(district.primary_domain).get("/en/budget/2025/programme/3/")
    assert "<td>230,000,000</td><td>120,000,000</td>" in programme.content.decode()


def test_reports_are_chained_and_recorded_in_the_public_schema(draft, host_client):
    """Q1 report, then the Q2 report: two versions, the second naming the first's hash, both
    in the public register; the versions page shows what moved."""
    district, budget = _published_budget(draft)
    first_quarter = {name: amounts[:1] for name, amounts in FIRST_HALF.items()}
    _import(district, budget, _execution_file(district, budget, first_quarter))
    with tenant_context(district):
        first = actions.publish_execution(budget, 1, actor="t")
    _import(district, budget, _execution_file(district, budget, FIRST_HALF))
    with tenant_context(district):
        second = actions.publish_execution(budget, 2, actor="t")
        assert ExecutionVersion.check_chain(budget).ok

    with schema_context("public"):
        records = list(
            PublishedHash.objects.filter(
                district=district, kind="execution", year=2025
            ).values_list("version", "sha256", "previous")
        )
    text = host_client(district.primary_domain).get("/en/budget/2025/versions/").content.decode()
    section = re.search(r'<section class="budget-version" id="e2">(.*?)</section>', text, re.S)

    assert records == [(1, first.sha256, ""), (2, second.sha256, first.sha256)]
    canonical = json.dumps(
        {
            "kind": "execution",
            "year": 2025,
            "version": 2,
            "quarter": 2,
            "previous": first.sha256,
            "lines": second.lines,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    assert second.sha256 == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert "Version 2, up to quarter 2, published" in section.group(1)
    assert "Fuel: executed 15,000,000 → 29,000,000" in section.group(1)
    assert "The chain checks out" in text


def test_a_report_changed_in_the_districts_schema_is_shown_as_tampered(draft, host_client):
    district, budget = _published_budget(draft)
    _import(district, budget, _execution_file(district, budget, FIRST_HALF))
    with tenant_context(district):
        report = actions.publish_execution(budget, 2, actor="t")
        lines = report.lines
        lines[0]["q1"] += 1
        ExecutionVersion.objects.filter(pk=report.pk).update(lines=lines)

    text = host_client(district.primary_domain).get("/en/budget/2025/versions/").content.decode()
    section = re.search(r'<section class="budget-version" id="e1">(.*?)</section>', text, re.S)

    assert "Warning: a stored version no longer matches" in text
    assert "Does not match the public register." in section.group(1)


def test_a_row_that_is_not_in_the_draft_is_refused_and_nothing_changes(draft):
    district, budget = _published_budget(draft)
    data = _execution_file(district, budget, FIRST_HALF)
    wb = load_workbook(io.BytesIO(data))
    wb[EXPENDITURE].append(["1.2", "", "60", "01", "own", "ថ្មី", "New", 5, None, 1])
    out = io.BytesIO()
    wb.save(out)

    problems = _problems(district, budget, out.getvalue())

    assert problems == [(EXPENDITURE, 6, "", "This line is not in the draft budget.")]
    assert _executed(district)["ផ្លូវក្រួសក្រហម"] == (0, 100_000_000, 0, 0)  # as imported


def test_a_changed_planned_amount_is_refused(draft):
    district, budget = _published_budget(draft)
    data = _execution_file(district, budget, FIRST_HALF)
    wb = load_workbook(io.BytesIO(data))
    wb[EXPENDITURE]["H4"] = 61_000_000
    out = io.BytesIO()
    wb.save(out)

    problems = _problems(district, budget, out.getvalue())

    assert problems == [
        (
            EXPENDITURE,
            4,
            "H",
            "The amount differs from the draft budget's (60,000,000): change the budget "
            "through the budget import, not the execution report.",
        )
    ]


def test_a_line_of_the_draft_missing_from_the_file_is_refused(draft):
    district, budget = _published_budget(draft)
    data = _execution_file(district, budget, FIRST_HALF)
    wb = load_workbook(io.BytesIO(data))
    wb[EXPENDITURE].delete_rows(4)
    out = io.BytesIO()
    wb.save(out)

    problems = _problems(district, budget, out.getvalue())

    assert problems == [
        ("", None, "", "The line “ប្រេងឥន្ធនៈ” of the draft budget is missing from the file.")
    ]


def test_a_wrong_number_in_a_quarter_is_refused(draft):
    district, budget = _published_budget(draft)
    bad = {**FIRST_HALF, "ប្រេងឥន្ធនៈ": [15_000_000, "lots"]}

    problems = _problems(district, budget, _execution_file(district, budget, bad))

    assert problems == [(EXPENDITURE, 4, "K", "“lots” is not a whole number of riel.")]


def test_a_report_needs_a_published_budget_whose_lines_the_draft_still_has(draft):
    district, budget = draft()
    with tenant_context(district), translation.override("en"):
        actions.import_budget(budget, upload(workbook_bytes(district, 2025)), actor="t")
        with pytest.raises(ValidationError, match="Publish the budget before"):
            actions.publish_execution(budget, 1, actor="t")
        actions.publish_budget(budget, actor="t")
        BudgetLine.objects.filter(name_km="ប្រេងឥន្ធនៈ").delete()
        with pytest.raises(ValidationError, match="publish the budget first"):
            actions.publish_execution(budget, 1, actor="t")
        assert not ExecutionVersion.objects.exists()


def test_a_report_up_to_a_quarter_refuses_amounts_of_later_quarters(draft):
    district, budget = _published_budget(draft)
    _import(district, budget, _execution_file(district, budget, FIRST_HALF))

    with tenant_context(district), translation.override("en"):
        with pytest.raises(ValidationError, match="amounts for quarter 2"):
            actions.publish_execution(budget, 1, actor="t")


def test_an_editor_imports_and_a_publisher_publishes_through_the_console(draft, officer_client):
    district, budget = _published_budget(draft)
    editor = officer_client(district, "editor")
    data = _execution_file(district, budget, FIRST_HALF)

    imported = editor.post(
        "/manage/budget/2025/", {"execution-file": upload(data), "execution": "1"}
    )
    refused = editor.post("/manage/budget/2025/execution/publish/", {"quarter": "2"})
    published = officer_client(district, "publisher").post(
        "/manage/budget/2025/execution/publish/", {"quarter": "2"}, follow=True
    )

    assert imported.status_code == 302
    assert refused.status_code == 403
    assert (
        in_khmer(
            "Version %(number)d of the %(year)d execution report is public.", number=1, year=2025
        )
        in published.content.decode()
    )
    with tenant_context(district):
        assert ExecutionVersion.objects.get().quarter == 2


def test_a_bad_execution_file_is_listed_in_the_console_and_nothing_changes(draft, officer_client):
    district, budget = _published_budget(draft)
    editor = officer_client(district, "editor")

    response = editor.post(
        "/manage/budget/2025/",
        {"execution-file": upload(b"not a workbook"), "execution": "1"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="execution-problems"' in page
    assert in_khmer("This file is not an Excel workbook (.xlsx).") in page
    assert _executed(district)["ផ្លូវក្រួសក្រហម"] == (0, 100_000_000, 0, 0)

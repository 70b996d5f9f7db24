"""An officer fills the app's own Excel template and imports it all or nothing: a good file
becomes the draft, a bad one changes nothing and every problem is named by sheet, row and
column in the officer's language."""

import io
import re
import zipfile

from django.utils import translation
from django_tenants.utils import tenant_context
from openpyxl import Workbook

from district_site.budget import actions
from district_site.budget.importer import MAX_ROWS, MAX_UNPACKED_BYTES, BudgetFileError
from district_site.budget.models import BudgetLine

from .conftest import EXPENDITURE, REVENUE, in_khmer, upload, workbook_bytes


def _import_problems(district, budget, data, name="budget.xlsx"):
    """The problems the import reports, in English; fails if the file was accepted."""
    with tenant_context(district), translation.override("en"):
        try:
            actions.import_budget(budget, upload(data, name), actor="test")
        except BudgetFileError as error:
            return [(p.sheet, p.row, p.column, p.message) for p in error.problems]
    raise AssertionError("the file was imported")


def _line_count(district):
    with tenant_context(district):
        return BudgetLine.objects.count()


def test_the_filled_template_imports_and_its_figures_reach_the_citizen_page(
    draft, officer_client, host_client
):
    """Through the console: upload, publish; the English page shows the same totals."""
    district, budget = draft()
    officer = officer_client(district, "publisher")

    imported = officer.post(
        "/manage/budget/2025/", {"file": upload(workbook_bytes(district, 2025))}
    )
    assert imported.status_code == 302
    assert officer.post("/manage/budget/2025/publish/").status_code == 302

    page = host_client(district.primary_domain).get("/en/budget/").content.decode()
    # Revenue 1,250,000,000 + 95,000,000; expenditure 420,000,000 + 60,000,000 + 230,000,000
    # (revised); executed 45,000,000 and 210,000,000 + 100,000,000.
    assert "1,345,000,000" in page
    assert "710,000,000" in page
    assert "45,000,000" in page
    assert "310,000,000" in page
    assert "Council allowances" not in page  # lines are one click away, by programme
    programme = host_client(district.primary_domain).get("/en/budget/2025/programme/1/")
    assert "Council allowances" in programme.content.decode()
    assert host_client(district.primary_domain).get("/budget/").status_code == 200


def test_a_second_import_replaces_the_draft_it_does_not_add_to_it(draft):
    district, budget = draft()
    with tenant_context(district):
        actions.import_budget(budget, upload(workbook_bytes(district, 2025)), actor="test")
        actions.import_budget(budget, upload(workbook_bytes(district, 2025)), actor="test")

    assert _line_count(district) == 5


def test_a_wrong_number_is_named_by_sheet_row_and_column_and_nothing_is_imported(draft):
    district, budget = draft()
    rows = [["dm_admin", "74", "មូលនិធិ", "Fund", "a lot"]]

    problems = _import_problems(district, budget, workbook_bytes(district, 2025, revenue=rows))

    assert problems == [(REVENUE, 3, "E", "“a lot” is not a whole number of riel.")]
    assert _line_count(district) == 0


def test_an_unknown_code_is_refused(draft):
    district, budget = draft()
    rows = [["9.9", "", "64", "01", "dm_admin", "ប្រាក់", "Pay", 1000]]

    problems = _import_problems(district, budget, workbook_bytes(district, 2025, expenditure=rows))

    assert problems == [(EXPENDITURE, 3, "A", "Unknown code “9.9”: choose one from the list.")]
    assert _line_count(district) == 0


def test_a_line_without_its_khmer_name_is_refused(draft):
    district, budget = draft()
    rows = [["1.2", "", "60", "01", "own", "", "Fuel", 1000]]

    problems = _import_problems(district, budget, workbook_bytes(district, 2025, expenditure=rows))

    assert problems == [(EXPENDITURE, 3, "F", "The name in Khmer is missing.")]


def test_a_totals_row_that_does_not_add_up_is_refused_saying_which_is_more(draft):
    """The message says whether the total is more or less than the lines: never that the
    lines "only" add up to a sum larger than the total."""
    district, budget = draft()

    def wrong_totals(wb):
        wb[REVENUE].append(["សរុប / Total", None, None, None, 1_345_000_001, None, 1])

    data = workbook_bytes(district, 2025, edit=wrong_totals)
    problems = _import_problems(district, budget, data)

    assert problems == [
        (
            REVENUE,
            5,
            "E",
            "The total is 1,345,000,001, more than the lines, which add up to 1,345,000,000.",
        ),
        (REVENUE, 5, "G", "The total is 1, less than the lines, which add up to 20,000,000."),
    ]


def test_a_totals_row_that_adds_up_is_accepted_and_not_stored_as_a_line(draft):
    district, budget = draft()

    def add_total(wb):
        wb[REVENUE].append(["សរុប / Total", None, None, None, 1_345_000_000])

    with tenant_context(district):
        actions.import_budget(
            budget, upload(workbook_bytes(district, 2025, edit=add_total)), actor="test"
        )

    assert _line_count(district) == 5


def test_a_file_for_another_year_is_refused(draft):
    district, budget = draft()

    problems = _import_problems(district, budget, workbook_bytes(district, 2024))

    assert problems == [("ព័ត៌មាន Info", 1, "B", "The file is for the year 2024, not 2025.")]


def test_a_line_typed_twice_is_refused_naming_the_first(draft):
    district, budget = draft()
    row = ["1.2", "", "60", "01", "own", "ប្រេងឥន្ធនៈ", "Fuel", 60_000_000]

    data = workbook_bytes(district, 2025, expenditure=[row, list(row)])
    problems = _import_problems(district, budget, data)

    assert problems == [(EXPENDITURE, 4, "", "This line repeats row 3.")]


def test_a_file_that_is_not_excel_is_refused(draft):
    district, budget = draft()

    problems = _import_problems(district, budget, b"name,amount\nfuel,100\n", "budget.xlsx")

    assert problems == [("", None, "", "This file is not an Excel workbook (.xlsx).")]


def test_an_empty_file_is_refused(draft):
    district, budget = draft()

    assert _import_problems(district, budget, b"") == [("", None, "", "The file is empty.")]


def test_a_template_with_no_lines_is_refused(draft):
    district, budget = draft()

    problems = _import_problems(
        district, budget, workbook_bytes(district, 2025, revenue=[], expenditure=[])
    )

    assert problems == [("", None, "", "The file has no budget lines.")]


def test_a_workbook_that_is_not_the_template_is_refused_naming_the_missing_sheets(draft):
    district, budget = draft()
    out = io.BytesIO()
    Workbook().save(out)

    problems = _import_problems(district, budget, out.getvalue())

    assert [p[0] for p in problems] == ["ព័ត៌មាន Info", REVENUE, EXPENDITURE]
    assert {p[3] for p in problems} == {"The sheet is missing."}


def test_a_giant_file_is_refused_before_it_is_opened(draft):
    district, budget = draft()

    problems = _import_problems(district, budget, b"PK\x03\x04" + b"\0" * (3 * 1024 * 1024))

    assert problems == [("", None, "", "The file is larger than 2 MB.")]


def test_a_small_file_that_unpacks_to_a_giant_one_is_refused(draft):
    """A zip bomb: a few kilobytes on the wire, more than the cap once unpacked."""
    district, budget = draft()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * (MAX_UNPACKED_BYTES + 1))

    problems = _import_problems(district, budget, out.getvalue())

    assert problems == [("", None, "", "The file unpacks to more than 40 MB.")]


def test_too_many_rows_are_refused(draft):
    district, budget = draft()
    rows = [["1.2", "", "60", "01", "own", f"ប្រេង {n}", "Fuel", 1] for n in range(MAX_ROWS + 1)]

    problems = _import_problems(district, budget, workbook_bytes(district, 2025, expenditure=rows))

    assert problems == [(EXPENDITURE, None, "", f"The sheet has more than {MAX_ROWS} lines.")]


def test_a_cell_far_below_the_lines_is_refused_without_reading_every_blank_row(draft):
    district, budget = draft()

    def far_away(wb):
        wb[REVENUE]["A1048576"] = "x"

    data = workbook_bytes(district, 2025, edit=far_away)
    problems = _import_problems(district, budget, data)

    assert problems == [(REVENUE, None, "", f"The sheet has more than {MAX_ROWS} lines.")]


def test_every_problem_of_a_file_is_listed_at_once_in_the_console(draft, officer_client):
    """The officer sees all problems together, and the earlier draft is untouched."""
    district, budget = draft()
    officer = officer_client(district, "editor")
    officer.post("/manage/budget/2025/", {"file": upload(workbook_bytes(district, 2025))})
    bad = [
        ["dm_admin", "74", "", "Fund", 10],
        ["nowhere", "74", "ចំណូល", "Income", -5],
    ]

    response = officer.post(
        "/manage/budget/2025/", {"file": upload(workbook_bytes(district, 2025, revenue=bad))}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert (
        in_khmer(
            "Nothing was imported: the file has %(counter)s problem.",
            "Nothing was imported: the file has %(counter)s problems.",
            3,
            counter=3,
        )
        in page
    )
    problems = re.findall(r"<li>(.*?)</li>", page.split('id="problems"')[1].split("</ul>")[0])

    def where(row, column):
        return (
            in_khmer("row %(row)s", row=row) + ", " + in_khmer("column %(column)s", column=column)
        )

    assert where(3, "C") in problems[0]
    assert in_khmer("The name in Khmer is missing.") in problems[0]
    assert where(4, "A") in problems[1]
    assert (
        in_khmer("Unknown code “%(code)s”: choose one from the list.", code="nowhere")
        in (problems[1])
    )
    assert where(4, "E") in problems[2]
    assert in_khmer("An amount cannot be negative.") in problems[2]
    assert _line_count(district) == 5

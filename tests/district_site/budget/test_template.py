"""The Excel template the app generates: bilingual headers, drop-downs fed by the district's
own code lists, and the code lists are data a district can extend without a release."""

import io

from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from district_site.budget import actions
from district_site.budget.importer import CODES_SHEET, FIRST_ROW, MAX_ROWS, build_template
from district_site.budget.models import BudgetLine, Code

from .conftest import EXPENDITURE, REVENUE, upload, workbook_bytes

# The drop-downs cover as many rows as a sheet may hold.
LAST = FIRST_ROW + MAX_ROWS - 1


def test_the_template_has_khmer_and_english_headers_and_drop_downs_for_codes(make_district):
    district = make_district()
    with tenant_context(district):
        wb = load_workbook(io.BytesIO(build_template(year=2025, district_code=district.code)))

    sheet = wb[EXPENDITURE]
    assert [c.value for c in sheet[1]][:2] == ["កម្មវិធី/អនុកម្មវិធី", "ចង្កោមសកម្មភាព"]
    assert [c.value for c in sheet[2]][:2] == ["Sub-programme", "Activity cluster"]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    # The eight sub-programmes the district's code list ships with, in rows 2 to 9.
    assert lists[f"A3:A{LAST}"] == f"'{CODES_SHEET}'!$A$2:$A$9"
    codes = [wb[CODES_SHEET].cell(row=r, column=2).value for r in range(2, 10)]
    assert codes == ["1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3"]
    assert wb[CODES_SHEET]["A2"].value == "1.1 ក្រុមប្រឹក្សាស្រុក / District council"
    revenue_lists = {str(v.sqref) for v in wb[REVENUE].data_validations.dataValidation}
    assert {f"A3:A{LAST}", f"B3:B{LAST}"} <= revenue_lists
    assert wb["ព័ត៌មាន Info"]["B1"].value == 2025
    assert wb["ព័ត៌មាន Info"]["B2"].value == district.code


def test_a_code_the_district_adds_is_offered_and_accepted(draft):
    """Code lists live in the district's schema: a new funding source needs no release."""
    district, budget = draft()
    with tenant_context(district):
        Code.objects.create(
            kind=Code.Kind.SOURCE, code="ngo_x", name_km="អង្គការ X", name_en="NGO X"
        )
        template = load_workbook(io.BytesIO(build_template(year=2025, district_code=district.code)))
        rows = [["ngo_x", "74", "ជំនួយ", "Grant", 5_000_000]]
        actions.import_budget(
            budget, upload(workbook_bytes(district, 2025, revenue=rows, expenditure=[])), actor="t"
        )
        assert BudgetLine.objects.get().source == "ngo_x"

    sources = [c.value for c in template[CODES_SHEET]["R"]]
    assert "ngo_x" in sources
    assert "អង្គការ X / NGO X" in [c.value for c in template[CODES_SHEET]["Q"]]


def test_amounts_typed_as_text_with_khmer_digits_are_read_as_riel(draft):
    district, budget = draft()
    rows = [["own", "71", "កម្រៃសេវា", "Fees", "៩៥,០០០,០០០", None, "20 000 000"]]

    with tenant_context(district):
        actions.import_budget(
            budget, upload(workbook_bytes(district, 2025, revenue=rows, expenditure=[])), actor="t"
        )
        line = BudgetLine.objects.get()

    assert (line.planned, line.revised, line.q1) == (95_000_000, None, 20_000_000)


def _drop_down_values(wb, sheet, column):
    """The values the drop-down of ``column`` in ``sheet`` offers, read from its range."""
    (validation,) = [
        v for v in wb[sheet].data_validations.dataValidation if str(v.sqref).startswith(column)
    ]
    target = validation.formula1.split("!")[1].replace("$", "")
    return [cell.value for (cell,) in wb[CODES_SHEET][target]]


def test_the_drop_downs_offer_names_and_a_name_chosen_is_read_back_as_its_code(draft):
    """An officer chooses "ថវិការដ្ឋបាលស្រុក / District administration", never "dm_admin": the
    funding source drop-down shows names only, the numbered lists their number and names; the
    file imported stores the codes."""
    district, budget = draft()
    with tenant_context(district):
        wb = load_workbook(io.BytesIO(build_template(year=2025, district_code=district.code)))
        sources = dict(Code.objects.filter(kind=Code.Kind.SOURCE).values_list("code", "name_en"))
    offered = _drop_down_values(wb, REVENUE, "A")
    assert len(offered) == len(sources)
    assert not set(offered) & set(sources), "a funding source shown by its code"
    assert all(any(name in label for label in offered) for name in sources.values())
    economic = _drop_down_values(wb, REVENUE, "B")
    source_label = offered[0]
    rows = [[source_label, economic[0], "កម្រៃសេវា", "Fees", 1_000_000]]
    sub = _drop_down_values(wb, EXPENDITURE, "A")[0]
    spending = [
        [sub, "", _drop_down_values(wb, EXPENDITURE, "C")[0], None, offered[0], "ប្រាក់ខែ", "", 5]
    ]

    with tenant_context(district):
        actions.import_budget(
            budget,
            upload(workbook_bytes(district, 2025, revenue=rows, expenditure=spending)),
            actor="t",
        )
        revenue = BudgetLine.objects.get(direction="revenue")
        expenditure = BudgetLine.objects.get(direction="expenditure")
        codes = {c.code: c for c in Code.objects.all()}
        refilled = load_workbook(
            io.BytesIO(
                build_template(
                    year=2025,
                    district_code=district.code,
                    lines=[{"direction": "revenue", "source": revenue.source, "economic": "x"}],
                )
            )
        )

    assert revenue.source in sources and codes[revenue.source].kind == "source"
    assert economic[0].startswith(revenue.economic + " ")
    assert sub.startswith(expenditure.subprogramme + " ")
    assert expenditure.source in sources
    # A draft's lines written back into the template read as the drop-down shows them.
    assert refilled[REVENUE]["A3"].value == source_label

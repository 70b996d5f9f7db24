"""Draft lines typed in the console: added, corrected and removed one at a time, each checked
against the district's own code lists, nothing saved when anything is wrong, and the messages
in the officer's language."""

from django_tenants.utils import tenant_context

from district_site.budget import actions
from district_site.budget.models import BudgetLine

from .conftest import in_khmer, upload, workbook_bytes

FUEL = {
    "direction": "expenditure",
    "subprogramme": "1.2",
    "activity": "",
    "economic": "60",
    "sector": "01",
    "source": "own",
    "name_km": "ប្រេងឥន្ធនៈ",
    "name_en": "Fuel",
    "planned": "60000000",
    "revised": "",
    "q1": "15000000",
    "q2": "",
    "q3": "",
    "q4": "",
}


def _lines(district):
    with tenant_context(district):
        return list(BudgetLine.objects.values("name_km", "programme", "planned", "q1", "q2"))


def test_an_officer_adds_a_line_and_its_programme_follows_from_the_sub_programme(
    draft, officer_client
):
    district, _budget = draft()
    editor = officer_client(district, "editor")

    form = editor.get("/manage/budget/2025/lines/new/").content.decode()
    response = editor.post("/manage/budget/2025/lines/new/", FUEL)

    assert '<option value="1.2">1.2 រដ្ឋបាលទូទៅ</option>' in form
    assert response.status_code == 302
    assert _lines(district) == [
        {"name_km": "ប្រេងឥន្ធនៈ", "programme": "1", "planned": 60_000_000, "q1": 15_000_000, "q2": 0}
    ]


def test_an_officer_corrects_and_removes_a_line(draft, officer_client):
    district, _budget = draft()
    editor = officer_client(district, "editor")
    editor.post("/manage/budget/2025/", {"file": upload(workbook_bytes(district, 2025))})
    with tenant_context(district):
        fuel = BudgetLine.objects.get(name_km="ប្រេងឥន្ធនៈ")
        road = BudgetLine.objects.get(name_km="ផ្លូវក្រួសក្រហម")

    edited = editor.post(f"/manage/budget/2025/lines/{fuel.pk}/", {**FUEL, "planned": "75000000"})
    removed = editor.post(f"/manage/budget/2025/lines/{road.pk}/delete/")

    assert edited.status_code == 302 and removed.status_code == 302
    names = {line["name_km"]: line["planned"] for line in _lines(district)}
    assert names["ប្រេងឥន្ធនៈ"] == 75_000_000
    assert "ផ្លូវក្រួសក្រហម" not in names
    assert len(names) == 4


# The fuel line typed as revenue: a revenue chapter, no sub-programme.
FUEL_AS_REVENUE = {**FUEL, "direction": "revenue", "subprogramme": "", "economic": "71"}


def _order(district):
    """Each direction's lines, by position: (Khmer name, position)."""
    with tenant_context(district):
        lines = BudgetLine.objects.order_by("direction", "position", "pk")
        return {
            direction: [
                (line.name_km, line.position) for line in lines if line.direction == direction
            ]
            for direction in ("revenue", "expenditure")
        }


def test_a_line_moved_to_revenue_in_the_console_goes_to_the_end_of_the_revenue_lines(
    draft, officer_client
):
    """The console's form writes the new direction onto the line before the action sees it:
    the action must still notice the move."""
    district, _budget = draft()
    editor = officer_client(district, "editor")
    editor.post("/manage/budget/2025/", {"file": upload(workbook_bytes(district, 2025))})
    with tenant_context(district):
        fuel = BudgetLine.objects.get(name_km="ប្រេងឥន្ធនៈ")

    response = editor.post(f"/manage/budget/2025/lines/{fuel.pk}/", FUEL_AS_REVENUE)

    assert response.status_code == 302
    assert _order(district) == {
        "revenue": [("មូលនិធិស្រុក ផ្នែករដ្ឋបាល", 1), ("កម្រៃសេវា", 2), ("ប្រេងឥន្ធនៈ", 3)],
        "expenditure": [("ប្រាក់បំណាច់ក្រុមប្រឹក្សា", 1), ("ផ្លូវក្រួសក្រហម", 3)],
    }


def test_a_line_moved_to_expenditure_gets_a_position_there(draft, officer_client):
    district, _budget = draft()
    editor = officer_client(district, "editor")
    editor.post("/manage/budget/2025/", {"file": upload(workbook_bytes(district, 2025))})
    with tenant_context(district):
        fees = BudgetLine.objects.get(name_km="កម្រៃសេវា")
        data = {
            "direction": "expenditure",
            "programme": "1",
            "subprogramme": "1.2",
            "economic": "60",
            "sector": "01",
        }

        moved = actions.edit_line(fees, data, actor="test")

    assert moved.position == 4
    assert _order(district) == {
        "revenue": [("មូលនិធិស្រុក ផ្នែករដ្ឋបាល", 1)],
        "expenditure": [
            ("ប្រាក់បំណាច់ក្រុមប្រឹក្សា", 1),
            ("ប្រេងឥន្ធនៈ", 2),
            ("ផ្លូវក្រួសក្រហម", 3),
            ("កម្រៃសេវា", 4),
        ],
    }


def test_a_line_corrected_in_its_own_direction_keeps_its_place(draft, officer_client):
    district, _budget = draft()
    editor = officer_client(district, "editor")
    editor.post("/manage/budget/2025/", {"file": upload(workbook_bytes(district, 2025))})
    with tenant_context(district):
        fuel = BudgetLine.objects.get(name_km="ប្រេងឥន្ធនៈ")

    editor.post(f"/manage/budget/2025/lines/{fuel.pk}/", {**FUEL, "planned": "75000000"})

    assert _order(district)["expenditure"] == [
        ("ប្រាក់បំណាច់ក្រុមប្រឹក្សា", 1),
        ("ប្រេងឥន្ធនៈ", 2),
        ("ផ្លូវក្រួសក្រហម", 3),
    ]


def test_an_unknown_code_is_refused_in_the_officers_language_and_nothing_is_saved(
    draft, officer_client
):
    district, _budget = draft()
    editor = officer_client(district, "editor")
    response = editor.post("/manage/budget/2025/lines/new/", {**FUEL, "source": "nowhere"})

    assert response.status_code == 400
    assert 'lang="km"' in response.content.decode()
    assert in_khmer("Unknown code “%(value)s”: choose one from the list.", value="nowhere") in (
        response.content.decode()
    )
    assert _lines(district) == []


def test_every_wrong_field_is_named_at_once(draft, officer_client):
    district, _budget = draft()
    editor = officer_client(district, "editor")

    response = editor.post(
        "/manage/budget/2025/lines/new/",
        {**FUEL, "subprogramme": "", "economic": "74", "name_km": "", "planned": "-1"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert in_khmer("The code is missing.") in page
    assert in_khmer("An amount cannot be negative.") in page
    assert in_khmer("Nothing was saved: please correct the fields marked below.") in page
    assert in_khmer("This chapter is for revenue lines.") in page
    assert _lines(district) == []


def test_a_line_the_draft_already_has_is_refused(draft, officer_client):
    district, _budget = draft()
    editor = officer_client(district, "editor")
    editor.post("/manage/budget/2025/lines/new/", FUEL)

    again = editor.post("/manage/budget/2025/lines/new/", {**FUEL, "planned": "1"})

    assert again.status_code == 400
    assert in_khmer("The draft already has this line (same codes and Khmer name).") in (
        again.content.decode()
    )
    assert len(_lines(district)) == 1


def test_an_officer_of_a_cannot_edit_or_remove_bs_lines(draft, officer_client, host_client):
    district_a, _ = draft()
    district_b, _ = draft()
    officer_a = officer_client(district_a, "publisher")
    officer_b = officer_client(district_b, "publisher")
    officer_b.post("/manage/budget/2025/", {"file": upload(workbook_bytes(district_b, 2025))})
    with tenant_context(district_b):
        line = BudgetLine.objects.first()

    on_b = host_client(district_b.primary_domain)
    on_b.cookies["sessionid"] = officer_a.cookies["sessionid"].value
    edited = on_b.post(f"/manage/budget/2025/lines/{line.pk}/", {**FUEL, "planned": "1"})
    removed = on_b.post(f"/manage/budget/2025/lines/{line.pk}/delete/")
    added = on_b.post("/manage/budget/2025/lines/new/", FUEL)
    # A's own console has no such line: ids are per district schema.
    on_a = officer_a.post(f"/manage/budget/2025/lines/{line.pk + 1000}/delete/")

    assert all(
        r.status_code == 302 and "/manage/login/" in r["Location"] for r in (edited, removed, added)
    )
    assert on_a.status_code == 404
    assert len(_lines(district_b)) == 5

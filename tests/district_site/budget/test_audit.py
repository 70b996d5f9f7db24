"""Every budget action names the officer who took it, and the district administrator's audit
log shows it: opening a year, importing, typing, correcting and removing lines, importing
executed amounts and publishing. One district's log never shows another's."""

from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context

from district_site.budget import actions
from district_site.budget.models import BudgetLine
from district_site.revisions.models import Revision

from .conftest import upload, workbook_bytes
from .test_execution import _execution_file, _published_budget
from .test_lines import FUEL


def _log(district):
    """The district's audit entries about its budget, oldest first: (who, action, model,
    changed fields). A new district's pages have entries of their own."""
    with tenant_context(district):
        return [
            (r.author_name, r.action, r.content_type.model, [c["field"] for c in r.changes])
            for r in Revision.objects.order_by("pk").select_related("content_type")
            if r.content_type.model.startswith("budget")
        ]


def test_every_budget_action_records_the_officer_who_took_it(make_district, officer_client):
    district = make_district()
    editor = officer_client(district, "editor")
    publisher = officer_client(district, "publisher")
    with tenant_context(district):
        users = get_user_model().objects.order_by("pk")
        editor_email, publisher_email = [user.email for user in users][-2:]

    editor.post("/manage/budget/", {"year": "2025"})
    editor.post("/manage/budget/2025/", {"file": upload(workbook_bytes(district, 2025))})
    editor.post("/manage/budget/2025/lines/new/", {**FUEL, "name_km": "ប្រេងម៉ាស៊ីនភ្លើង"})
    with tenant_context(district):
        fuel = BudgetLine.objects.get(name_km="ប្រេងឥន្ធនៈ")
        road = BudgetLine.objects.get(name_km="ផ្លូវក្រួសក្រហម")
    editor.post(f"/manage/budget/2025/lines/{fuel.pk}/", {**FUEL, "planned": "75000000"})
    editor.post(f"/manage/budget/2025/lines/{road.pk}/delete/")
    publisher.post("/manage/budget/2025/publish/")

    assert _log(district) == [
        (editor_email, "created", "budget", []),
        (editor_email, "edited", "budget", ["source_filename"]),
        (editor_email, "created", "budgetline", _typed_fields()),
        # The imported fuel line had no Q1 amount; the form sends FUEL's.
        (editor_email, "edited", "budgetline", ["planned", "q1"]),
        (editor_email, "deleted", "budgetline", []),
        (publisher_email, "published", "budgetversion", []),
    ]


def _typed_fields():
    """The fields of FUEL a new line records, in the form's order: those not left empty."""
    return [
        "direction",
        "subprogramme",
        "economic",
        "sector",
        "source",
        "name_km",
        "name_en",
        "planned",
        "q1",
        "programme",
    ]


def test_an_execution_import_records_each_line_whose_amounts_moved(draft):
    district, budget = _published_budget(draft)
    data = _execution_file(district, budget, {"ប្រេងឥន្ធនៈ": [15_000_000]})
    with tenant_context(district):
        before = Revision.objects.count()
        actions.import_execution(budget, upload(data), actor="treasurer@example")
        actions.publish_execution(budget, 2, actor="publisher@example")
        entries = [
            (r.author_name, r.action, r.object_repr, [c["field"] for c in r.changes])
            for r in Revision.objects.order_by("pk")[before:]
        ]

    # The file repeats the other lines' amounts as the draft has them: only fuel moved.
    assert entries == [
        ("treasurer@example", "edited", "ប្រេងឥន្ធនៈ", ["q1"]),
        ("publisher@example", "published", "2025 Q2 v1", []),
    ]


def test_one_districts_budget_actions_stay_out_of_anothers_audit_log(make_district, officer_client):
    district_a, district_b = make_district(), make_district()
    officer_a = officer_client(district_a, "editor")
    admin_b = officer_client(district_b, "district_admin")
    officer_a.post("/manage/budget/", {"year": "2025"})
    officer_a.post("/manage/budget/2025/", {"file": upload(workbook_bytes(district_a, 2025))})
    with tenant_context(district_a):
        email_a = get_user_model().objects.order_by("pk").last().email

    page = admin_b.get("/manage/revisions/").content.decode()

    assert len(_log(district_a)) == 2
    assert _log(district_b) == []
    assert email_a not in page and "budget.xlsx" not in page

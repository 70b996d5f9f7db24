"""The budget console belongs to the district's own officers: an editor prepares, a publisher
or the district administrator publishes, and no officer reaches another district's budget."""

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context

from district_site.budget.models import Budget, BudgetLine, BudgetVersion, ExecutionVersion
from tests.conftest import PASSWORD

from .conftest import in_khmer, upload, workbook_bytes


def _versions(district):
    with tenant_context(district):
        return BudgetVersion.objects.count()


def test_an_editor_may_import_but_not_publish(draft, officer_client):
    district, _budget = draft()
    editor = officer_client(district, "editor")

    imported = editor.post("/manage/budget/2025/", {"file": upload(workbook_bytes(district, 2025))})
    page = editor.get("/manage/budget/2025/").content.decode()
    refused = editor.post("/manage/budget/2025/publish/")

    assert imported.status_code == 302
    assert (
        in_khmer(
            "Only a publisher or the district administrator can publish. They will see your "
            "draft here."
        )
        in page
    )
    assert 'action="/manage/budget/2025/publish/"' not in page
    assert refused.status_code == 403
    assert _versions(district) == 0


def test_the_district_administrator_may_publish(draft, officer_client):
    district, _budget = draft()
    admin = officer_client(district, "district_admin")
    admin.post("/manage/budget/2025/", {"file": upload(workbook_bytes(district, 2025))})

    response = admin.post("/manage/budget/2025/publish/", follow=True)

    assert (
        in_khmer("Version %(number)d of the %(year)d budget is public.", number=1, year=2025)
        in response.content.decode()
    )
    assert _versions(district) == 1


def test_an_officer_opens_a_year_and_downloads_its_template(make_district, officer_client):
    """The template the console serves is the one the importer reads back."""
    district = make_district()
    officer = officer_client(district, "editor")

    opened = officer.post("/manage/budget/", {"year": "2026"})
    template = officer.get("/manage/budget/2026/template.xlsx")
    officer.post("/manage/budget/2026/", {"file": upload(template.content)})

    assert opened["Location"] == "/manage/budget/2026/"
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"budget-{district.code}-2026.xlsx" in template["Content-Disposition"]
    with tenant_context(district):
        assert Budget.objects.filter(year=2026).exists()
    # The empty template is a valid workbook whose only problem is having no lines.
    again = officer.post("/manage/budget/2026/", {"file": upload(template.content)})
    assert in_khmer("The file has no budget lines.") in again.content.decode()


def test_the_console_dashboard_links_to_the_budget(make_district, officer_client):
    district = make_district()

    page = officer_client(district, "editor").get("/manage/").content.decode()

    assert 'href="/manage/budget/"' in page


def test_an_officer_of_a_cannot_reach_bs_budget(draft, officer_client, host_client, make_officer):
    """B's host knows neither A's session nor A's password: nothing of B's budget moves."""
    district_a, _ = draft()
    district_b, _ = draft()
    officer_a = officer_client(district_a, "publisher")
    host_client(district_b.primary_domain)
    officer_b = officer_client(district_b, "publisher")
    officer_b.post("/manage/budget/2025/", {"file": upload(workbook_bytes(district_b, 2025))})

    with_a_session = host_client(district_b.primary_domain)
    with_a_session.cookies["sessionid"] = officer_a.cookies["sessionid"].value
    published = with_a_session.post("/manage/budget/2025/publish/")
    reported = with_a_session.post("/manage/budget/2025/execution/publish/", {"quarter": "1"})
    template = with_a_session.get("/manage/budget/2025/template.xlsx")
    uploaded = with_a_session.post(
        "/manage/budget/2025/", {"file": upload(workbook_bytes(district_b, 2025, revenue=[]))}
    )
    email_a = make_officer(district_a, "publisher")
    login = host_client(district_b.primary_domain).post(
        "/manage/login/", {"username": email_a, "password": PASSWORD}
    )

    assert published.status_code == 302 and "/manage/login/" in published["Location"]
    assert reported.status_code == 302 and "/manage/login/" in reported["Location"]
    assert template.status_code == 302 and "/manage/login/" in template["Location"]
    assert uploaded.status_code == 302 and "/manage/login/" in uploaded["Location"]
    assert login.status_code == 200  # the login form again
    assert _versions(district_b) == 0
    with tenant_context(district_b):
        assert Budget.objects.get(year=2025).lines.count() == 5


def test_a_file_for_another_district_is_refused(draft, officer_client):
    """A's template uploaded on B's console is refused: it names A's district code."""
    district_a, _ = draft()
    district_b, _ = draft()
    officer_b = officer_client(district_b, "editor")

    response = officer_b.post(
        "/manage/budget/2025/", {"file": upload(workbook_bytes(district_a, 2025))}
    )

    assert response.status_code == 400
    assert (
        in_khmer(
            "The file is for district %(found)s, not %(code)s.",
            found=district_a.code,
            code=district_b.code,
        )
        in response.content.decode()
    )


def _console_requests(district, line_pk):
    """(method, path, data) of every budget console view, as an officer would send them."""
    file = workbook_bytes(district, 2025, revenue=[])
    return [
        ("get", "/manage/budget/", None),
        ("post", "/manage/budget/", {"year": "2030"}),
        ("get", "/manage/budget/2025/", None),
        ("post", "/manage/budget/2025/", {"file": upload(file)}),
        ("post", "/manage/budget/2025/", {"execution-file": upload(file), "execution": "1"}),
        ("get", "/manage/budget/2025/template.xlsx", None),
        ("get", "/manage/budget/2025/lines/new/", None),
        ("get", f"/manage/budget/2025/lines/{line_pk}/", None),
        ("post", f"/manage/budget/2025/lines/{line_pk}/delete/", None),
        ("post", "/manage/budget/2025/publish/", None),
        ("post", "/manage/budget/2025/execution/publish/", {"quarter": "1"}),
    ]


def _state(district):
    """What the console could change: years, lines and published versions."""
    with tenant_context(district):
        return (
            sorted(Budget.objects.values_list("year", flat=True)),
            sorted(BudgetLine.objects.values_list("pk", "planned", "q1")),
            BudgetVersion.objects.count(),
            ExecutionVersion.objects.count(),
        )


@pytest.fixture
def imported(draft, officer_client):
    """A district whose 2025 draft has the five lines of the test workbook."""
    district, _budget = draft()
    officer = officer_client(district, "publisher")
    officer.post("/manage/budget/2025/", {"file": upload(workbook_bytes(district, 2025))})
    with tenant_context(district):
        line = BudgetLine.objects.first()
    return district, line


def test_a_signed_in_user_without_a_role_reaches_no_budget_view(imported, officer_client):
    """An account whose role was taken away keeps its session but not its way in: every view,
    reading or changing, answers 403 and nothing changes."""
    district, line = imported
    client = officer_client(district, "publisher")
    with tenant_context(district):
        user = get_user_model().objects.get(pk=int(client.session["_auth_user_id"]))
        user.groups.clear()
    before = _state(district)

    responses = {
        path + (" " + next(iter(data)) if data else ""): getattr(client, method)(path, data or {})
        for method, path, data in _console_requests(district, line.pk)
    }

    assert {key: r.status_code for key, r in responses.items()} == dict.fromkeys(responses, 403)
    assert _state(district) == before


def test_an_editor_may_prepare_but_neither_publish_the_budget_nor_its_execution(
    imported, officer_client
):
    district, _line = imported
    editor = officer_client(district, "editor")

    published = editor.post("/manage/budget/2025/publish/")
    reported = editor.post("/manage/budget/2025/execution/publish/", {"quarter": "1"})
    opened = editor.post("/manage/budget/", {"year": "2026"})

    assert (published.status_code, reported.status_code) == (403, 403)
    assert opened.status_code == 302
    assert _state(district)[2:] == (0, 0)


def test_an_officer_of_another_district_reaches_no_budget_view(
    imported, make_district, officer_client, host_client
):
    """A publisher's session of district A on B's host is nobody there: every view sends it to
    B's login page, and nothing of B's budget moves."""
    district_b, line = imported
    officer_a = officer_client(make_district(), "publisher")
    on_b = host_client(district_b.primary_domain)
    on_b.cookies["sessionid"] = officer_a.cookies["sessionid"].value
    before = _state(district_b)

    responses = [
        getattr(on_b, method)(path, data or {})
        for method, path, data in _console_requests(district_b, line.pk)
    ]

    assert all(
        r.status_code == 302 and r["Location"].startswith("/manage/login/") for r in responses
    )
    assert _state(district_b) == before


STEPS = (
    "Five steps, numbered below: fill in the template, upload it (all or nothing: each problem "
    "names its row), check the draft, have a publisher publish it, then each quarter import the "
    "executed amounts."
)


def test_the_draft_screen_announces_as_many_steps_as_it_shows(make_district, officer_client):
    """It said "four steps" above five numbered headings."""
    import re

    district = make_district()
    officer = officer_client(district, "editor")
    officer.post("/manage/budget/", {"year": "2026"})

    page = officer.get("/manage/budget/2026/").content.decode()

    numbered = re.findall(r"<h2>\s*([0-9០-៩]+)\.", page)
    assert len(numbered) == 5 and STEPS.startswith("Five ")
    assert in_khmer(STEPS) in page

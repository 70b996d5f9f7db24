"""The budget console belongs to the district's own officers: an editor prepares, a publisher
or the district administrator publishes, and no officer reaches another district's budget."""

from django_tenants.utils import tenant_context

from district_site.budget.models import Budget, BudgetVersion
from tests.conftest import PASSWORD

from .conftest import khmer, upload, workbook_bytes


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
        khmer(
            "Only a publisher or the district administrator can publish. They will see your draft "
            "here."
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
        khmer("Version %(number)d of the %(year)d budget is public.", number=1, year=2025)
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
    assert khmer("The file has no budget lines.") in again.content.decode()


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
    uploaded = with_a_session.post(
        "/manage/budget/2025/", {"file": upload(workbook_bytes(district_b, 2025, revenue=[]))}
    )
    email_a = make_officer(district_a, "publisher")
    login = host_client(district_b.primary_domain).post(
        "/manage/login/", {"username": email_a, "password": PASSWORD}
    )

    assert published.status_code == 302 and "/manage/login/" in published["Location"]
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
        khmer(
            "The file is for district %(found)s, not %(code)s.",
            found=district_a.code,
            code=district_b.code,
        )
        in response.content.decode()
    )

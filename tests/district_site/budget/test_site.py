"""The budget on the rest of the citizen site: the menu, the home page's "at a glance", the
sitemap and search, each showing only the district's own published budget."""

from django_tenants.utils import tenant_context

from district_site.budget import actions

from .conftest import upload, workbook_bytes


def _publish(district, budget):
    with tenant_context(district):
        actions.import_budget(budget, upload(workbook_bytes(district, budget.year)), actor="t")
        actions.publish_budget(budget, actor="t")


def test_the_menu_links_to_the_budget(make_district, host_client):
    district = make_district()

    page = host_client(district.primary_domain).get("/en/").content.decode()

    assert '<a href="/en/budget/">Budget</a>' in page


def test_the_home_page_shows_the_latest_published_year_at_a_glance(draft, host_client):
    district, budget = draft()
    client = host_client(district.primary_domain)
    before = client.get("/en/").content.decode()
    _publish(district, budget)

    page = client.get("/en/").content.decode()

    assert 'id="budget-glance"' not in before
    assert "Budget 2025 at a glance" in page
    assert "Revenue: 1,345,000,000 riel" in page
    assert "Spent so far: 310,000,000 riel (44%)" in page
    assert len(page.encode()) < 60 * 1024


def test_the_sitemap_lists_the_published_years(draft, host_client):
    district, budget = draft()
    _publish(district, budget)

    sitemap = host_client(district.primary_domain).get("/sitemap.xml").content.decode()

    assert f"<loc>http://{district.primary_domain}:8000/budget/2025/</loc>" in sitemap
    assert f"<loc>http://{district.primary_domain}:8000/en/budget/2025/versions/</loc>" in sitemap


def test_search_finds_a_published_budget_line_only_on_its_own_district(draft, host_client):
    district_a, budget_a = draft()
    district_b, _ = draft()
    not_yet = host_client(district_a.primary_domain).get("/en/search/", {"q": "laterite"})
    _publish(district_a, budget_a)

    on_a = host_client(district_a.primary_domain).get("/en/search/", {"q": "laterite"})
    on_b = host_client(district_b.primary_domain).get("/en/search/", {"q": "laterite"})

    assert 'href="/en/budget/2025/"' not in not_yet.content.decode()
    assert 'href="/en/budget/2025/"' in on_a.content.decode()
    assert 'href="/en/budget/2025/"' not in on_b.content.decode()


def test_one_districts_budget_never_shows_on_anothers_pages(draft, host_client):
    district_a, budget_a = draft()
    district_b, _ = draft()
    _publish(district_a, budget_a)

    client = host_client(district_b.primary_domain)

    assert client.get("/en/budget/2025/").status_code == 404
    assert "1,345,000,000" not in client.get("/en/").content.decode()
    assert "has not published a budget yet" in client.get("/en/budget/").content.decode()

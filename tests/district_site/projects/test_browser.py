"""The project pages in a real browser on a phone: no serious accessibility problem
(axe-core), light, and the list's filters work without JavaScript."""

import pytest

from district_site.budget.demo import seed as seed_demo_budget
from district_site.projects.demo import seed as seed_demo_projects
from tests.browser.test_accessibility import AXE, _serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def projects_district(make_district, django_db_blocker):
    district = make_district()
    with django_db_blocker.unblock():
        seed_demo_budget(district)
        seed_demo_projects(district)
    return district


@pytest.mark.parametrize(
    "path",
    ["/projects/", "/en/projects/", "/projects/RD-01/", "/en/projects/SC-05/", "/projects/map/"],
)
def test_project_pages_have_no_serious_accessibility_problem(
    phone, live_port, projects_district, path
):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does it where npm exists)")
    phone.goto(f"http://{projects_district.primary_domain}:{live_port}{path}")

    assert _serious_violations(phone) == []


def test_the_map_page_weighs_under_60_kb(phone, live_port, projects_district):
    sizes = {}

    def record(response):
        if response.request.resource_type != "image":
            sizes[response.url] = len(response.body())

    phone.on("response", record)
    phone.goto(
        f"http://{projects_district.primary_domain}:{live_port}/projects/map/",
        wait_until="networkidle",
    )

    assert sum(sizes.values()) < 60 * 1024, sizes


def test_a_citizen_filters_the_list_without_javascript(browser, live_port, projects_district):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"http://{projects_district.primary_domain}:{live_port}/en/projects/")
    everything = page.locator("article.project-item").count()

    page.locator("#id_status").select_option("completed")
    page.locator("form.filters button[type=submit]").click()

    page.wait_for_url("**/en/projects/?*status=completed*")
    shown = page.locator("article.project-item")
    assert 0 < shown.count() < everything
    assert all("Completed" in text for text in shown.all_inner_texts())
    page.goto(f"http://{projects_district.primary_domain}:{live_port}/en/projects/map/")
    page.screenshot(path="/tmp/srok-projects-map.png", full_page=True)
    context.close()


def test_an_officer_sees_only_the_chosen_communes_villages(
    phone, live_port, projects_district, make_officer
):
    """The project form's script narrows the village list to the commune chosen."""
    from tests.conftest import PASSWORD

    email = make_officer(projects_district, "editor")
    base = f"http://{projects_district.primary_domain}:{live_port}"
    phone.goto(f"{base}/manage/login/")
    phone.locator("#id_username").fill(email)
    phone.locator("#id_password").fill(PASSWORD)
    phone.locator("form button[type=submit]").click()
    phone.goto(f"{base}/manage/projects/new/")
    communes = phone.locator("#id_commune_code option").evaluate_all(
        "options => options.map(o => o.value).filter(Boolean)"
    )

    phone.locator("#id_commune_code").select_option(communes[1])
    offered = phone.locator("#id_village_code option").evaluate_all(
        "options => options.filter(o => !o.hidden && o.value).map(o => o.value)"
    )

    assert offered and all(code.startswith(communes[1]) for code in offered)

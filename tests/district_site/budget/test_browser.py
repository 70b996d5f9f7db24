"""The budget pages in a real browser on a phone: light, readable without JavaScript, and with
no serious accessibility problem (axe-core)."""

import pytest

from district_site.budget.demo import seed as seed_demo_budget
from tests.browser.test_accessibility import AXE, _serious_violations
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def budget_district(make_district, django_db_blocker):
    district = make_district()
    with django_db_blocker.unblock():
        seed_demo_budget(district)
    return district


@pytest.mark.parametrize(
    "path", ["/budget/", "/en/budget/", "/en/budget/2025/programme/3/", "/budget/2025/versions/"]
)
def test_budget_pages_have_no_serious_accessibility_problem(
    phone, live_port, budget_district, path
):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does it where npm exists)")
    phone.goto(f"http://{budget_district.primary_domain}:{live_port}{path}")

    assert _serious_violations(phone) == []


def test_the_budget_page_weighs_under_60_kb_before_images(phone, live_port, budget_district):
    sizes = {}

    def record(response):
        if response.request.resource_type != "image":
            sizes[response.url] = len(response.body())

    phone.on("response", record)
    phone.goto(
        f"http://{budget_district.primary_domain}:{live_port}/budget/", wait_until="networkidle"
    )

    assert sum(sizes.values()) < 60 * 1024, sizes


def test_the_charts_show_without_javascript(browser, live_port, budget_district):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()

    page.goto(f"http://{budget_district.primary_domain}:{live_port}/en/budget/")

    chart = page.get_by_role("img", name="Expenditure by programme, 2026")
    assert chart.is_visible()
    assert chart.bounding_box()["width"] <= 360
    context.close()


def test_an_officer_uploads_a_bad_file_in_chromium_and_reads_every_problem(
    phone, live_port, budget_district, make_officer, tmp_path
):
    """The console's upload page, with its list of problems, is accessible too."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does it where npm exists)")
    base = f"http://{budget_district.primary_domain}:{live_port}"
    phone.goto(f"{base}/manage/login/")
    phone.locator("input[name=username]").fill(make_officer(budget_district, "editor"))
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.locator("form button[type=submit]").click()
    bad = tmp_path / "budget.xlsx"
    bad.write_bytes(b"this is not a spreadsheet")

    phone.goto(f"{base}/manage/budget/2026/")
    phone.locator("#budget-import input[type=file]").set_input_files(str(bad))
    phone.locator("#budget-import button[type=submit]").click()

    assert phone.locator("#problems").is_visible()
    assert _serious_violations(phone) == []


def test_an_officer_types_a_wrong_line_in_chromium_and_reads_what_to_fix(
    phone, live_port, budget_district, make_officer
):
    """The line form, refused with its messages beside the fields, is accessible too."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does it where npm exists)")
    base = f"http://{budget_district.primary_domain}:{live_port}"
    phone.goto(f"{base}/manage/login/")
    phone.locator("input[name=username]").fill(make_officer(budget_district, "editor"))
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.locator("form button[type=submit]").click()

    phone.goto(f"{base}/manage/budget/2026/lines/new/")
    phone.locator("select[name=direction]").select_option("expenditure")
    # A revenue chapter on an expenditure line, and no sub-programme: refused by the server.
    phone.locator("select[name=economic]").select_option("74")
    phone.locator("select[name=source]").select_option("own")
    phone.locator("input[name=name_km]").fill("សាកល្បង")
    phone.locator("input[name=planned]").fill("1000")
    phone.locator("main form button[type=submit]").click()

    assert phone.locator(".errorlist").first.is_visible()
    assert _serious_violations(phone) == []

"""The provincial console's flows in Chromium: onboarding checked step by step, suspending with
a reason, the support hand-over's banner, bulk onboarding's report; and axe on every page type
of both consoles, the provincial and the officers'."""

import re

import pytest
from django_tenants.utils import tenant_context

from district_site.core.tasks import refresh_district_snapshot
from tenants import actions
from tenants.models import AuditEvent, District
from tests.browser.test_accessibility import AXE, _serious_violations
from tests.conftest import PASSWORD, current_code
from tests.district_site.manage.console_walk import (
    console_patterns,
    fillings,
    int_candidates,
    seed,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(browser):
    """A page on a provincial office's 1,280 px screen."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def _log_in(page, platform, admin):
    page.goto(f"{platform}/en/console/login/")
    page.get_by_label("E-mail").fill(admin["email"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(current_code(admin["device"]))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{platform}/en/console/")


def test_a_taken_domain_is_refused_at_step_two_in_the_browser(
    desk, live_port, provincial_admin, make_district, unused_district_code
):
    owner = make_district()
    code = unused_district_code()
    platform = f"http://localhost:{live_port}"
    _log_in(desk, platform, provincial_admin)

    desk.goto(f"{platform}/en/console/onboard/?code={code}")
    desk.get_by_label("Official domain").fill(owner.primary_domain.upper())
    desk.get_by_label("First officer's e-mail").fill("first@example.org")
    desk.get_by_role("button", name="Next").click()

    assert desk.get_by_role("heading", name="2. Domain and first officer").is_visible()
    assert desk.get_by_role("button", name="Create the website").count() == 0
    error = desk.locator("#id_official_domain_error").inner_text()
    assert "given to every district automatically" in error
    # The problem is read with the field it belongs to.
    described = desk.get_by_label("Official domain").get_attribute("aria-describedby")
    assert "id_official_domain_error" in described
    desk.get_by_label("Official domain").fill(f"ok{code}.gov.kh")
    desk.get_by_role("button", name="Next").click()
    desk.get_by_role("button", name="Create the website").click()
    desk.wait_for_url(f"{platform}/en/console/districts/{code}/")
    assert District.objects.get(code=code).primary_domain == f"ok{code}.gov.kh"


def test_suspending_asks_for_a_reason_that_the_officers_then_read(
    desk, live_port, provincial_admin, make_district
):
    district = make_district()
    platform = f"http://localhost:{live_port}"
    _log_in(desk, platform, provincial_admin)

    desk.goto(f"{platform}/en/console/districts/{district.code}/")
    desk.get_by_role("link", name="Suspend…").click()
    desk.get_by_role("button", name="Suspend the website").click()
    # The browser refuses the empty reason: nothing was sent.
    assert desk.url.endswith("/suspend/")
    district.refresh_from_db()
    assert district.status == District.Status.ACTIVE
    desk.get_by_label("Reason").fill("ទំព័រថវិកាបង្ហាញតួលេខខុស។")
    desk.get_by_role("button", name="Suspend the website").click()
    desk.wait_for_url(f"{platform}/en/console/districts/{district.code}/")

    assert "ទំព័រថវិកាបង្ហាញតួលេខខុស។" in desk.locator(".notice").inner_text()
    desk.goto(f"http://{district.primary_domain}:{live_port}/manage/")
    assert "ទំព័រថវិកាបង្ហាញតួលេខខុស។" in desk.locator("main").inner_text()
    desk.goto(f"http://{district.primary_domain}:{live_port}/")
    assert "ទំព័រថវិកាបង្ហាញតួលេខខុស។" not in desk.content()
    desk.screenshot(path="/tmp/srok-suspended-notice.png")


def test_support_mode_shows_a_banner_on_every_console_page_until_left(
    desk, live_port, provincial_admin, make_district, settings
):
    settings.PUBLIC_PORT = live_port
    district = make_district()
    platform = f"http://localhost:{live_port}"
    _log_in(desk, platform, provincial_admin)

    desk.goto(f"{platform}/en/console/districts/{district.code}/")
    desk.get_by_role("button", name="Enter as support").click()
    desk.wait_for_url(re.compile(r".*/manage/$"))

    for path in ("/manage/", "/manage/officers/", "/manage/news/", "/manage/manual/"):
        desk.goto(f"http://{district.primary_domain}:{live_port}{path}")
        banner = desk.get_by_role("region", name=re.compile("Support mode|របៀបជំនួយ"))
        assert banner.is_visible(), path
        assert provincial_admin["email"] in banner.inner_text(), path
    # "Audit log" is in the menu once.
    desk.goto(f"http://{district.primary_domain}:{live_port}/manage/")
    assert desk.locator("main a[href$='/manage/revisions/']").count() <= 1
    desk.screenshot(path="/tmp/srok-support-banner.png")
    desk.get_by_role("button", name=re.compile("Leave support mode|ចាកចេញពីរបៀបជំនួយ")).click()
    desk.wait_for_url(re.compile(r".*/manage/login/.*"))
    assert desk.locator(".support-banner").count() == 0


def test_bulk_onboarding_reports_each_district(
    desk, live_port, provincial_admin, district_a, unused_district_code
):
    good, bad = unused_district_code(), unused_district_code()
    platform = f"http://localhost:{live_port}"
    _log_in(desk, platform, provincial_admin)
    sheet = (
        "code,domain,officer\n"
        f"{good},b{good}.gov.kh,one@example.org\n"
        f"{bad},b{good}.gov.kh,two@example.org\n"
    )

    desk.goto(f"{platform}/en/console/bulk/")
    desk.locator("#id_onboard-file").set_input_files(
        files=[{"name": "districts.csv", "mimeType": "text/csv", "buffer": sheet.encode()}]
    )
    desk.get_by_role("button", name="Onboard the districts").click()

    report = desk.locator("#onboard-report")
    assert "1 of 2 districts are online." in report.inner_text()
    rows = report.locator("tbody tr")
    assert "Online; the officer is invited" in rows.nth(0).inner_text()
    assert "already the address of" in rows.nth(1).inner_text()
    assert District.objects.filter(code=good).exists()
    assert not District.objects.filter(code=bad).exists()
    desk.screenshot(path="/tmp/srok-bulk-report.png", full_page=True)


def test_the_scorecard_shows_more_columns_at_1280_px_and_keeps_the_names_in_view(
    desk, live_port, provincial_admin, make_district
):
    district = make_district()
    with tenant_context(district):
        refresh_district_snapshot()
    platform = f"http://localhost:{live_port}"
    _log_in(desk, platform, provincial_admin)

    desk.goto(f"{platform}/en/console/?sort=-news_latest_at")
    visible = desk.evaluate(
        """() => {
            const region = document.querySelector('.scorecard').getBoundingClientRect();
            return [...document.querySelectorAll('.scorecard thead tr:nth-child(2) th')]
                .filter(th => th.getBoundingClientRect().right <= region.right).length;
        }"""
    )
    desk.screenshot(path="/tmp/srok-scorecard.png")
    desk.locator(".scorecard").evaluate("el => el.scrollLeft = 2000")
    first = desk.locator(f"tbody th.first:has-text('{district.code}')").bounding_box()
    region = desk.locator(".scorecard").bounding_box()

    print(f"scorecard columns fully visible at 1280 px: {visible} of 20")
    assert visible >= 14
    assert abs(first["x"] - region["x"]) < 3  # the name column stays at the left edge
    assert desk.locator("th[aria-sort='descending']").inner_text().startswith("Latest")


# --- axe on every console page type -------------------------------------------------------------


@pytest.fixture
def axe_ready():
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does it where npm exists)")


@pytest.mark.parametrize("language", ["/", "/en/"], ids=["km", "en"])
def test_every_provincial_console_page_type_has_no_serious_accessibility_problem(
    axe_ready, desk, live_port, provincial_admin, make_district, unused_district_code, language
):
    district = make_district()
    with tenant_context(district):
        refresh_district_snapshot()
    actions.suspend_district(make_district(), actor="test", reason="Check.")
    code = unused_district_code()
    platform = f"http://localhost:{live_port}"
    _log_in(desk, platform, provincial_admin)
    console = f"{platform}{language}console"
    pages = [
        f"{console}/",
        f"{console}/onboard/",
        f"{console}/onboard/?q=a",
        f"{console}/onboard/?code={code}",
        f"{console}/districts/{district.code}/",
        f"{console}/districts/{district.code}/suspend/",
        f"{console}/bulk/",
    ]

    problems = {}
    for url in pages:
        desk.goto(url)
        found = _serious_violations(desk)
        if found:
            problems[url] = found
    # Step 2 with its errors, the confirm step and a bulk report are page states of their own.
    desk.goto(f"{console}/onboard/?code={code}")
    desk.locator("#id_official_domain").fill("localhost")
    desk.locator("#id_officer_email").fill("o@example.org")
    with desk.expect_navigation():
        desk.locator("main form[method=post] button[type=submit]").click()
    problems["step 2 with errors"] = _serious_violations(desk)
    desk.locator("#id_official_domain").fill(f"x{code}.gov.kh")
    with desk.expect_navigation():
        desk.locator("main form[method=post] button[type=submit]").click()
    problems["confirm"] = _serious_violations(desk)
    desk.goto(f"{console}/bulk/")
    desk.locator("#id_invite-file").set_input_files(
        files=[{"name": "o.csv", "mimeType": "text/csv", "buffer": b"9999,x,editor\n"}]
    )
    with desk.expect_navigation():
        desk.locator("#id_invite-file").evaluate("el => el.form.submit()")
    problems["bulk report"] = _serious_violations(desk)
    desk.context.clear_cookies()
    desk.goto(f"{console}/login/")
    problems["login"] = _serious_violations(desk)

    assert {page: found for page, found in problems.items() if found} == {}


def test_every_officer_console_page_type_has_no_serious_accessibility_problem(
    axe_ready, desk, live_port, provincial_admin, make_district, settings, host_client
):
    """Every URL under /manage/, walked from the resolver as the Khmer check walks it, opened
    in Chromium through a support hand-over (a district administrator, with the banner).

    Slow (about 1-3 min): axe reads some 40 page types in Chromium. Which filling of a URL's
    arguments opens a page is asked in this process with the browser's own session cookie: a
    URL such as /manage/budget/<year>/lines/<pk>/ may take a hundred tries (each a 404), and
    through Chromium and the live server each try cost several times as much."""
    settings.PUBLIC_PORT = live_port
    district = make_district()
    seed(district, provincial_admin["email"])
    candidates = int_candidates(district)
    platform = f"http://localhost:{live_port}"
    site = f"http://{district.primary_domain}:{live_port}"
    _log_in(desk, platform, provincial_admin)
    desk.goto(f"{platform}/en/console/districts/{district.code}/")
    desk.get_by_role("button", name="Enter as support").click()
    desk.wait_for_url(re.compile(r".*/manage/$"))

    # The support session the browser holds, for asking which URLs open a page.
    probe = host_client(district.primary_domain)
    for cookie in desk.context.cookies(site):
        probe.cookies[cookie["name"]] = cookie["value"]

    read, problems = [], {}
    for route, _pattern, name in console_patterns():
        if name in {"manage:logout", "manage:language", "manage:support"}:
            continue
        status = kind = None
        for path in fillings(route, candidates):
            # A POST-only endpoint answers 405, which Chromium reports as a failed navigation.
            answer = probe.get(path)
            status, kind = answer.status_code, answer.get("Content-Type", "")
            if status in (200, 405):
                break  # 405: a button's POST-only endpoint, whatever the row
        if status != 200 or "text/html" not in kind:
            continue
        desk.goto(f"{site}{path}")
        read.append(name)
        found = _serious_violations(desk)
        if found:
            problems[f"{name} ({path})"] = found

    print(f"{len(read)} officer console pages read with axe")
    assert "manage:dashboard" in read and len(read) >= 15, read
    assert problems == {}
    assert AuditEvent.objects.filter(district=district, action="support_entered").exists()

"""A provincial admin onboards a district in the browser, then opens its new site."""

import pytest

from tenants.gazetteer.models import AdministrativeUnit
from tenants.models import District
from tests.conftest import PASSWORD, current_code

pytestmark = pytest.mark.browser


def test_the_whole_onboarding_wizard_in_chromium(
    browser,
    live_port,
    provincial_admin,
    unused_district_code,
):
    code = unused_district_code()
    unit = AdministrativeUnit.objects.get(code=code)
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    page = context.new_page()
    platform = f"http://localhost:{live_port}"

    page.goto(f"{platform}/en/console/")
    page.get_by_label("E-mail").fill(provincial_admin["email"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(
        current_code(provincial_admin["device"])
    )
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Onboard a district").first.click()
    page.get_by_label("District code or name").fill(unit.name_latin)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=unit.name_km).click()
    page.get_by_label("Official domain").fill(f"b{code}.gov.kh")
    page.get_by_label("First officer's e-mail").fill("first.officer@example.org")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Create the website").click()
    page.wait_for_url(f"{platform}/en/console/districts/{code}/")

    district = District.objects.get(code=code)
    page.goto(f"http://{district.slug}.localhost:{live_port}/")
    assert unit.name_km in page.locator("header").inner_text()
    page.screenshot(path="/tmp/srok-onboarded-district.png")
    context.close()

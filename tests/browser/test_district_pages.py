"""A citizen on a phone reads a district's site in Khmer and switches to English."""

import pytest

pytestmark = pytest.mark.browser


def test_a_citizen_reads_the_home_page_in_khmer_then_in_english(phone, live_port, make_district):
    district = make_district()
    url = f"http://{district.primary_domain}:{live_port}/"

    phone.goto(url)

    assert phone.locator("html").get_attribute("lang") == "km"
    assert district.name_km in phone.locator("header").inner_text()
    phone.get_by_role("link", name="English").click()
    phone.wait_for_url(f"{url}en/")
    assert f"{district.name_en} district" in phone.locator("header").inner_text()
    phone.screenshot(path="/tmp/srok-district-home-en.png")

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


def test_the_home_page_weighs_under_60_kb_before_images(phone, live_port, make_district):
    """A slow 3G phone loads everything but images within the design's 60 KB budget."""
    district = make_district()
    sizes = {}

    def record(response):
        if response.request.resource_type != "image":
            sizes[response.url] = len(response.body())

    phone.on("response", record)
    phone.goto(f"http://{district.primary_domain}:{live_port}/", wait_until="networkidle")

    assert any(url.endswith(".css") for url in sizes)
    assert sum(sizes.values()) < 60 * 1024, sizes


def test_pages_are_readable_without_javascript(browser, live_port, make_district):
    district = make_district()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(f"http://{district.primary_domain}:{live_port}/feedback/")

    assert page.get_by_role("button").first.is_visible()
    assert district.name_km in page.locator("header").inner_text()
    context.close()

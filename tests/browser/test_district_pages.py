"""A citizen on a phone reads a district's site in Khmer and switches to English."""

from urllib.parse import urlsplit

import pytest

from tests.citizen_pages import seed_citizen_site

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


BUDGET_BYTES = 60 * 1024


def test_the_home_page_weighs_under_60_kb_before_images(
    phone, live_port, make_district, django_db_blocker, capsys
):
    """A slow 3G phone loads everything but images within the design's 60 KB budget: HTML,
    CSS, fonts and scripts, as transferred (headers and body, compressed where it is), on a
    home page with news, services, a budget and an answered question."""
    district = make_district()
    with django_db_blocker.unblock():
        seed_citizen_site(district)
    responses = []
    phone.on(
        "requestfinished",
        lambda request: responses.append(request) if request.resource_type != "image" else None,
    )

    phone.goto(f"http://{district.primary_domain}:{live_port}/", wait_until="networkidle")

    sizes = {}
    for request in responses:
        size = request.sizes()
        sizes[request.url] = size["responseHeadersSize"] + size["responseBodySize"]
    total = sum(sizes.values())
    with capsys.disabled():
        listing = ", ".join(f"{urlsplit(url).path} {size} B" for url, size in sizes.items())
        print(f"\nHome page transferred before images: {total} bytes ({listing})")
    assert any(url.endswith(".css") for url in sizes)
    assert phone.locator("main h2").count() >= 3  # news, services, feedback at least
    assert total < BUDGET_BYTES, sizes
    phone.screenshot(path="/tmp/srok-district-home-km.png", full_page=True)


def test_pages_are_readable_without_javascript(browser, live_port, make_district):
    district = make_district()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(f"http://{district.primary_domain}:{live_port}/feedback/")

    assert page.get_by_role("button").first.is_visible()
    assert district.name_km in page.locator("header").inner_text()
    context.close()


def test_without_javascript_a_citizen_sends_feedback_and_searches(
    browser, live_port, make_district
):
    """Every form is plain HTML: it works with scripts turned off, as on a phone saving data."""
    district = make_district()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    site = f"http://{district.primary_domain}:{live_port}"

    page.goto(f"{site}/en/feedback/")
    page.get_by_label("About").select_option("service")
    page.get_by_label("Your message").fill("The office was closed on Monday morning.")
    page.get_by_role("button", name="Send", exact=True).click()
    assert page.locator(".tracking-code").is_visible()

    page.goto(f"{site}/en/")
    page.locator("#id_home_q").fill("responsibilities")
    page.locator("main form[role=search] button").click()
    assert page.get_by_role("link", name="Roles and responsibilities").count() >= 1
    context.close()

"""On a 360-px phone every citizen page fits the screen, its text is readable and its controls
can be tapped; the menu is one line until opened, with or without JavaScript; the projects map
is a street map where script and tiles load and the server's drawing otherwise; Khmer shows in
words even on a phone without a Khmer font."""

import struct
import zlib

import pytest

from tests.citizen_pages import CITIZEN_PAGES, LANGUAGES, seed_citizen_site

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
TILES = "https://tile.openstreetmap.org/**"


@pytest.fixture(scope="module")
def citizen_site(make_district, django_db_blocker):
    district = make_district()
    with django_db_blocker.unblock():
        return district, seed_citizen_site(district)


def _placed(district, django_db_blocker):
    """How many visible projects have a point: the demo places each at its commune's centre,
    and whether every commune of the test's district has one depends on its gazetteer code."""
    from django_tenants.utils import tenant_context

    from district_site.projects.models import Project

    with django_db_blocker.unblock(), tenant_context(district):
        placed = sum(project.has_point for project in Project.objects.visible())
    assert placed >= 5  # the demo's projects, nearly all placed
    return placed


def _site(district, live_port):
    return f"http://{district.primary_domain}:{live_port}"


def _tile_png():
    """A 256-px tile of one colour, as a tile server answers (a real PNG: Leaflet draws it)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xdd\xee\xdd" * 256 for _ in range(256))
    header = struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_no_citizen_page_is_wider_than_a_360_px_phone(phone, live_port, citizen_site):
    """Wide tables scroll inside their own box; the page itself never scrolls sideways."""
    district, values = citizen_site
    too_wide = {}
    for prefix in LANGUAGES.values():
        for page in CITIZEN_PAGES:
            phone.goto(_site(district, live_port) + prefix + page.format(**values))
            width = phone.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide[prefix + page] = width

    assert too_wide == {}


def test_a_budget_table_wider_than_the_phone_scrolls_in_its_box_with_a_visible_cue(
    phone, live_port, citizen_site
):
    district, values = citizen_site
    phone.goto(f"{_site(district, live_port)}/en/budget/{values['budget_year']}/")

    box = phone.locator(".table-scroll").first
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # Revised, Executed: off-screen
    assert box.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    assert "gradient" in box.evaluate("el => getComputedStyle(el).backgroundImage")
    assert phone.locator(".scroll-hint").first.is_visible()


CHART_TEXT_SIZES = """() => [...document.querySelectorAll('.budget-chart svg text')].map(
    text => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)"""


@pytest.mark.parametrize("viewport", [{"width": 320, "height": 640}, PHONE, DESKTOP])
def test_chart_labels_are_at_least_12_px_at_every_width(browser, live_port, citizen_site, viewport):
    """The size a reader sees: the font size times the SVG's scale on the screen."""
    district, values = citizen_site
    page = browser.new_page(viewport=viewport)
    page.goto(f"{_site(district, live_port)}/budget/{values['budget_year']}/")

    sizes = page.evaluate(CHART_TEXT_SIZES)

    assert sizes and min(sizes) >= 12, sizes
    assert max(sizes) <= 16  # no longer blown up to 24 px on a desktop
    page.close()


TAP_TARGETS = """() => [...document.querySelectorAll(
    'header a, header summary, nav a, footer a, button, select, input:not([type=hidden]),'
    + ' textarea, .downloads a, .map-list a, .project-point .tap-area')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'
                && !el.closest('.hp'))
  .map(el => { const r = el.getBoundingClientRect();
               return [el.outerHTML.slice(0, 80), Math.round(r.width * 10) / 10,
                       Math.round(r.height * 10) / 10]; })"""


@pytest.mark.parametrize(
    "page", ["/", "/feedback/", "/open-data/", "/projects/map/", "/en/budget/{budget_year}/"]
)
def test_controls_and_links_outside_sentences_are_at_least_24_px_to_tap(
    phone, live_port, citizen_site, page
):
    """WCAG 2.2, 2.5.8: every control and every link that is not inside running text, with
    the menu open."""
    district, values = citizen_site
    phone.goto(_site(district, live_port) + page.format(**values))
    phone.locator(".menu > summary").click()

    targets = phone.evaluate(TAP_TARGETS)

    small = [(html, w, h) for html, w, h in targets if w < 24 or h < 24]
    assert len(targets) > 10 and small == []


def test_without_javascript_the_phone_menu_is_one_line_that_opens_with_a_tap(
    browser, live_port, citizen_site
):
    district, _values = citizen_site
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{_site(district, live_port)}/en/")

    # Before: the district's name, the switch to Khmer and "Menu"; content starts at once.
    assert page.locator("header").bounding_box()["height"] < 140
    link = page.locator("header").get_by_role("link", name="Send feedback", exact=True)
    assert not link.is_visible()
    page.locator(".menu > summary").click()
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/en/feedback/")
    context.close()


def test_a_desktop_shows_the_whole_menu_without_a_tap(browser, live_port, citizen_site):
    district, _values = citizen_site
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{_site(district, live_port)}/en/")

    assert not page.locator(".menu > summary").is_visible()
    assert page.locator("header").get_by_role("link", name="Search", exact=True).is_visible()
    page.close()


def test_the_first_tab_reaches_a_skip_link_to_the_content(phone, live_port, citizen_site):
    district, _values = citizen_site
    phone.goto(f"{_site(district, live_port)}/en/")

    phone.keyboard.press("Tab")
    skip = phone.locator(":focus")
    assert skip.inner_text() == "Skip to the content" and skip.is_visible()
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "content"


def test_the_english_pages_switch_to_khmer_is_written_in_khmer(phone, live_port, citizen_site):
    district, _values = citizen_site
    phone.goto(f"{_site(district, live_port)}/en/")

    switch = phone.locator(".lang-switch")
    assert switch.inner_text() == "ខ្មែរ" and switch.get_attribute("lang") == "km"


def test_the_khmer_font_is_served_by_the_site_and_loads_under_the_policy(
    phone, live_port, citizen_site
):
    """A phone without a Khmer font gets ours: the face loads (same origin, allowed by the
    Content-Security-Policy's font-src) and the file is served as a cacheable woff2."""
    district, _values = citizen_site
    phone.goto(f"{_site(district, live_port)}/")

    loaded = phone.evaluate(
        """async () => (await document.fonts.load('16px "Srok Khmer"', 'ខ្មែរ'))
            .map(face => [face.family, face.status, face.display])"""
    )
    served = phone.evaluate(
        """async () => {
            const rule = [...document.styleSheets].flatMap(s => [...s.cssRules])
                .find(r => r instanceof CSSFontFaceRule);
            const src = rule.style.getPropertyValue('src').match(/url\\("?([^")]+)"?\\)/)[1];
            const url = new URL(src, rule.parentStyleSheet.href);
            const response = await fetch(url);
            return {path: url.pathname, status: response.status,
                    type: response.headers.get('content-type'),
                    cache: response.headers.get('cache-control'),
                    bytes: (await response.arrayBuffer()).byteLength};
        }"""
    )

    assert [family.strip('"') for family, _s, _d in loaded] == ["Srok Khmer"]
    assert [(status, display) for _f, status, display in loaded] == [("loaded", "swap")]
    assert served["path"].startswith("/static/fonts/noto-sans-khmer-khmer-400-normal.")
    assert served["status"] == 200 and served["type"] == "font/woff2"
    assert "immutable" in served["cache"]  # a hashed name: cached for good
    assert served["bytes"] == 22_936  # as the README states


def test_without_javascript_the_map_is_the_servers_drawing_with_the_list(
    browser, live_port, citizen_site, django_db_blocker
):
    district, _values = citizen_site
    placed = _placed(district, django_db_blocker)
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{_site(district, live_port)}/en/projects/map/")

    assert page.locator("#map-drawing svg").is_visible()
    assert page.locator("svg .project-point").count() == placed
    assert not page.locator("#live-map").is_visible()
    assert page.locator(".map-list li").count() >= placed
    context.close()


def test_with_javascript_and_tiles_a_desktop_gets_a_street_map_with_clustered_markers(
    browser, live_port, citizen_site, django_db_blocker
):
    district, _values = citizen_site
    placed = _placed(district, django_db_blocker)
    page = browser.new_page(viewport=DESKTOP)
    tiles = []

    def serve_tile(route):
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=_tile_png())

    page.route(TILES, serve_tile)
    page.goto(f"{_site(district, live_port)}/en/projects/map/")

    page.locator("#live-map .leaflet-tile-loaded").first.wait_for()
    page.wait_for_function("!document.getElementById('map-drawing').checkVisibility()")
    markers = page.locator("#live-map .map-marker, #live-map .marker-cluster")
    assert markers.count() >= 1
    assert (
        page.locator("#live-map .leaflet-control-attribution").inner_text().count("OpenStreetMap")
    )
    assert tiles and all(url.startswith("https://tile.openstreetmap.org/") for url in tiles)
    assert page.locator(".map-list li").count() >= placed  # the accessible list stays
    assert not page.locator("script[src*='//']").count()  # no script from another host
    page.close()


def test_a_phone_opens_the_street_map_with_a_tap(browser, live_port, citizen_site):
    district, _values = citizen_site
    page = browser.new_page(viewport=PHONE)
    page.route(TILES, lambda route: route.fulfill(content_type="image/png", body=_tile_png()))
    page.goto(f"{_site(district, live_port)}/en/projects/map/")

    assert page.locator("#map-drawing").is_visible()
    assert not page.locator("script[src*=leaflet]").count()  # nothing loaded before the tap
    page.get_by_role("button", name="Show the street map (OpenStreetMap)").click()

    page.locator("#live-map .leaflet-tile-loaded").first.wait_for()
    page.locator("#live-map .leaflet-marker-icon").first.wait_for()
    box = page.locator("#live-map .leaflet-marker-icon").first.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    page.close()


def test_when_the_tile_server_cannot_be_reached_the_drawing_stays(browser, live_port, citizen_site):
    district, _values = citizen_site
    page = browser.new_page(viewport=DESKTOP)
    page.route(TILES, lambda route: route.abort("internetdisconnected"))
    page.goto(f"{_site(district, live_port)}/en/projects/map/")

    page.get_by_text("The street map could not be loaded").wait_for(timeout=15_000)
    assert page.locator("#map-drawing svg").is_visible()
    assert not page.locator("#live-map").is_visible()
    page.close()

"""axe-core finds no serious or critical accessibility problem on any page type, in Khmer and
in English, in a real browser."""

from pathlib import Path

import pytest

from tests.citizen_pages import CITIZEN_PAGES, LANGUAGES, seed_citizen_site

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def axe_district(make_district):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does it where npm exists)")
    return make_district()


@pytest.fixture(scope="module")
def citizen_site(axe_district, django_db_blocker):
    """The district with something on every page type: (district, placeholder values)."""
    with django_db_blocker.unblock():
        return axe_district, seed_citizen_site(axe_district)


def _serious_violations(page):
    # Evaluated through the DevTools protocol, not added as a <script>: the page's
    # Content-Security-Policy refuses inline scripts, and the test must not weaken it.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run()")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("language", list(LANGUAGES.values()), ids=list(LANGUAGES))
@pytest.mark.parametrize("page", CITIZEN_PAGES)
def test_citizen_pages_have_no_serious_accessibility_problem(
    phone, live_port, citizen_site, page, language
):
    district, values = citizen_site
    phone.goto(f"http://{district.primary_domain}:{live_port}{language}{page.format(**values)}")

    assert _serious_violations(phone) == []


@pytest.mark.parametrize("path", ["/manage/login/", "/manage/password/reset/"])
def test_the_officer_login_and_password_reset_have_no_serious_accessibility_problem(
    phone, live_port, axe_district, path
):
    phone.goto(f"http://{axe_district.primary_domain}:{live_port}{path}")

    assert _serious_violations(phone) == []


@pytest.mark.parametrize("path", ["/", "/en/", "/en/console/login/", "/en/open-data/"])
def test_platform_pages_have_no_serious_accessibility_problem(phone, live_port, axe_district, path):
    phone.goto(f"http://localhost:{live_port}{path}")

    assert _serious_violations(phone) == []

"""axe-core finds no serious or critical accessibility problem on any page type, in Khmer and
in English, in a real browser."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/",
    "/p/about/",
    "/feedback/",
    "/feedback/answers/",
    "/open-data/",
    "/manage/login/",
    "/no-such-page/",
]


@pytest.fixture(scope="module")
def axe_district(make_district):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does it where npm exists)")
    return make_district()


def _serious_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run()")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("language", ["", "/en"], ids=["khmer", "english"])
@pytest.mark.parametrize("path", PAGES)
def test_district_pages_have_no_serious_accessibility_problem(
    phone, live_port, axe_district, path, language
):
    if path.startswith("/manage/"):
        language = ""  # the officer console is not language-prefixed
    phone.goto(f"http://{axe_district.primary_domain}:{live_port}{language}{path}")

    assert _serious_violations(phone) == []


@pytest.mark.parametrize("path", ["/", "/en/", "/en/console/login/", "/en/open-data/"])
def test_platform_pages_have_no_serious_accessibility_problem(phone, live_port, axe_district, path):
    phone.goto(f"http://localhost:{live_port}{path}")

    assert _serious_violations(phone) == []

"""Every officer-console page, rendered once and checked three ways: it is in Khmer with no
untranslated text and has its help panel, it shows names and never the codes the database
keeps, and it answers with the strict security policy and holds no inline code.

The pages are those of one walk (console_walk.py): a district seeded with content in every app
and officers of every role, every URL under /manage/ taken from the resolver and filled from
the district's rows, read as its administrator. Seeding and rendering are most of the cost, so
the walk is made once for this module (by its first test) and each check reads the same
answers. What each check looks for, and the tests showing that it can fail, are with the
console's other checks of that kind: test_console_in_khmer.py,
test_console_shows_names_not_codes.py and tests/platform_site/test_security_headers.py.
"""

from types import SimpleNamespace

import pytest

from tests.conftest import start_clean
from tests.district_site.manage import console_walk
from tests.district_site.manage.test_console_in_khmer import _catalogue, _problems
from tests.district_site.manage.test_console_shows_names_not_codes import (
    _internal_codes,
    codes_shown,
)
from tests.platform_site.test_security_headers import _check


@pytest.fixture(scope="module")
def console(make_district):
    """The seeded district and {url name: Page} of its console, walked once for this module."""
    # Made before the first test's own clean start (a module's fixtures come first), so it
    # makes its own: the public schema, and no login counted against the rate limits.
    start_clean()
    district = make_district()
    return SimpleNamespace(district=district, pages=console_walk.walk(district))


def test_every_console_page_renders_in_khmer_with_no_untranslated_text(console):
    """A page fails on an untranslated msgid, on English words no translation holds, or with
    no help panel; a page taking a row id that no seeded row opens fails too.

    Slow (about 10-30 s): the first test to run makes the walk, seeding the district and
    rendering every console page; each check itself takes under a second."""
    untranslated, translations = _catalogue()

    read, uncovered, problems = [], [], {}
    for page in console.pages.values():
        response = page.response
        if response.status_code == 405:
            continue  # a button's POST-only endpoint: its result is a page read here anyway
        if page.takes_int and response.status_code != 200:
            uncovered.append(page.name)
            continue
        if response.status_code not in (200, 403, 404) or not page.is_html:
            continue
        assert response["Content-Language"] == "km", page.path
        read.append(page.name)
        html = response.content.decode()
        if 'class="help"' not in html:
            problems[f"{page.name} ({page.path})"] = ['no help panel (<aside class="help">)']
            continue
        found = _problems(html, untranslated, translations)
        if found:
            problems[f"{page.name} ({page.path})"] = sorted(set(found))

    print(f"{len(read)} console pages read: {sorted(read)}")
    assert "manage:dashboard" in read and "manage:officers" in read and len(read) >= 15, read
    assert not uncovered, (
        f"No seeded row opens these console pages: {uncovered}. Give the district content for "
        "them in console_walk.seed() or in the app's demo.py (seed(district))."
    )
    assert not problems, "\n".join(f"{page}: {found}" for page, found in problems.items())


def test_every_console_page_shows_names_not_codes(console):
    """No visible word of a page is a funding source's code, a role's or a choice's stored
    value, or the code of one of the district's communes or villages."""
    codes = _internal_codes(console.district)
    assert {"funding source", "commune code", "role"} <= set(codes.values())

    read, problems = [], {}
    for page in console.pages.values():
        if page.response.status_code != 200 or not page.is_html:
            continue
        read.append(page.name)
        found = codes_shown(page.response.content.decode(), codes)
        if found:
            problems[f"{page.name} ({page.path})"] = sorted(found)

    assert {"feedback_manage:detail", "projects_manage:edit", "budget_manage:draft"} <= set(read), (
        read
    )
    assert not problems, "\n".join(f"{page}: {found}" for page, found in problems.items())


def test_every_officer_console_url_has_the_strict_policy(console):
    """Every answer of the walk, the tries that found no row (404) included, carries the strict
    policy and the other security headers, and no page holds inline script or style."""
    problems, read = {}, []
    for page in console.pages.values():
        for path, response in page.answers:
            _check(response, path, problems)
        if page.response.status_code == 200:
            read.append(page.name)

    assert "manage:dashboard" in read and "manage:manual" in read and len(read) >= 15, read
    assert not problems, problems

"""The main menu and the footer are built from the apps' menu.py: every page reaches every app,
and the main menu stays short enough for a phone."""

import re

import pytest

from tests.citizen_pages import CITIZEN_PAGES, LANGUAGES


def _nav(body, label):
    """The hrefs of the <nav> labelled ``label`` (the main menu's list is inside a <details>,
    closed on phones)."""
    folded = r'(?:<details class="menu"><summary>[^<]*</summary>)?'
    match = re.search(rf'<nav aria-label="{label}">{folded}<ul>(.*?)</ul>', body, re.S)
    assert match, f"no {label} on the page"
    return re.findall(r'<a href="([^"]+)"', match.group(1))


@pytest.fixture(scope="module")
def district(make_district):
    return make_district()


@pytest.mark.parametrize("language", list(LANGUAGES.values()), ids=list(LANGUAGES))
@pytest.mark.parametrize("page", ["/", "/news/", "/services/", "/no-such-page/"])
def test_every_page_reaches_projects_from_the_menu_and_the_rest_from_the_footer(
    host_client, district, page, language
):
    body = host_client(district.primary_domain).get(language + page).content.decode()

    menu = _nav(body, "Main menu" if language else "ម៉ឺនុយមេ")
    footer = _nav(body, "More from the district" if language else "ព័ត៌មានបន្ថែមពីស្រុក")
    assert f"{language}/projects/" in menu
    assert [
        f"{language}/forums/",
        f"{language}/documents/",
        f"{language}/open-data/",
        f"{language}/p/accessibility/",
        f"{language}/p/privacy/",
    ] == footer


def test_the_apps_add_few_enough_entries_to_the_main_menu_for_a_phone(host_client, district):
    body = host_client(district.primary_domain).get("/en/").content.decode()

    # Home, the district's own pages (three in a new district), the apps, feedback and search:
    # the apps keep to five so the menu wraps to no more than a cheap phone's first screen.
    menu = _nav(body, "Main menu")
    assert len([href for href in menu if not href.startswith("/en/p/")]) <= 8


def test_every_menu_and_footer_page_is_a_listed_citizen_page():
    """A page reachable from every page is checked by the accessibility, HTML and sharing
    tests."""
    from django.urls import reverse
    from django.utils import translation

    from district_site.core.contributions import menu_links

    with translation.override("km"):
        for _label, url_name in menu_links() + menu_links("FOOTER_LINKS"):
            assert reverse(url_name) in CITIZEN_PAGES

"""Open redirects: every redirect target that comes from a request (tenants.redirects) leads
back into the same site, whatever an attacker puts in ``next``, and never answers 500. Every
login (provincial console with password and second factor, officer console), both logouts,
the language switch, the support hand-over and the password reset are tried with each hostile
target. (The URL walk in test_url_walk.py also checks every redirect of every URL.)"""

import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client, RequestFactory

from tenants import redirects
from tests.conftest import PASSWORD

from .conftest import HOSTILE_TARGETS, console_login


def query(target):
    return "?" + urlencode({"next": target})


def refused_as_a_whole(target):
    """A NUL in the query or form is refused before any view (tenants.middleware)."""
    return "\x00" in target


def assert_stays_home(response, expected, target=""):
    """A redirect to ``expected``, a path of this same host; or, for a target no view ever
    sees, the 400 page that refuses the whole request."""
    if refused_as_a_whole(target):
        assert response.status_code == 400, response.status_code
        return
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    assert location == expected, location
    assert not urlsplit(location).netloc


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_the_helper_refuses_every_hostile_target(target):
    request = RequestFactory().get("/", HTTP_HOST="ouchruv.localhost")
    assert not redirects.is_safe_target(request, target)
    assert redirects.safe_target(request, target, "/manage/") == "/manage/"


def test_the_helper_follows_a_path_of_this_site():
    """The check is not simply "refuse all": a path of the site is followed, query and all."""
    request = RequestFactory().get("/", HTTP_HOST="ouchruv.localhost")
    assert redirects.safe_target(request, "/manage/news/?page=2", "/") == "/manage/news/?page=2"
    assert redirects.safe_target(request, "/budget/", "/", prefixes=("/manage/",)) == "/"


def test_provincial_console_login_with_every_hostile_next_lands_in_the_console():
    """After a real login with password and second factor, each hostile ``next`` (in the query
    and in the form) falls back to the console's first page."""
    for target in HOSTILE_TARGETS:
        client = Client(HTTP_HOST="localhost", raise_request_exception=False)
        assert_stays_home(console_login(client, query=query(target)), "/console/", target)
        client = Client(HTTP_HOST="localhost", raise_request_exception=False)
        assert_stays_home(console_login(client, data={"next": target}), "/console/", target)


def test_provincial_console_login_follows_a_console_page():
    client = Client(HTTP_HOST="localhost")
    response = console_login(client, query=query("/en/console/onboard/?q=12"))
    assert_stays_home(response, "/en/console/onboard/?q=12")


def test_provincial_console_logout_never_leaves_the_site(console_client):
    for target in HOSTILE_TARGETS:
        response = console_client.post("/console/logout/" + query(target), {"next": target})
        assert_stays_home(response, "/console/login/", target)


def test_officer_login_with_every_hostile_next_lands_on_the_dashboard(district_a, make_officer):
    email = make_officer(district_a, "editor")
    for target in HOSTILE_TARGETS:
        client = Client(HTTP_HOST=district_a.primary_domain, raise_request_exception=False)
        page = client.get("/manage/login/" + query(target))
        if not refused_as_a_whole(target):
            assert page.status_code == 200
            # The form carries no hostile target forward (the language link may quote the page's
            # own address: it leads to the switch, which checks it again).
            hidden = re.search(r'name="next" value="([^"]*)"', page.content.decode())
            assert hidden and "evil" not in hidden[1] and "javascript" not in hidden[1].lower()
        response = client.post(
            "/manage/login/" + query(target),
            {"username": email, "password": PASSWORD, "next": target},
        )
        assert_stays_home(response, "/manage/", target)


def test_officer_login_follows_a_console_page(district_a, make_officer):
    email = make_officer(district_a, "editor")
    client = Client(HTTP_HOST=district_a.primary_domain)
    response = client.post(
        "/manage/login/" + query("/manage/news/"), {"username": email, "password": PASSWORD}
    )
    assert_stays_home(response, "/manage/news/")


def test_officer_logout_never_leaves_the_site(district_a, district_client):
    for target in HOSTILE_TARGETS:
        client = district_client(district_a, "editor")
        response = client.post("/manage/logout/" + query(target), {"next": target})
        assert_stays_home(response, "/manage/login/", target)


def test_language_switch_never_leaves_the_console(district_a, district_client):
    client = district_client(district_a, "editor")
    for target in HOSTILE_TARGETS:
        response = client.get("/manage/language/en/" + query(target))
        assert_stays_home(response, "/manage/", target)
    # A page of the console is where the switch goes back to.
    assert_stays_home(client.get("/manage/language/km/" + query("/manage/news/")), "/manage/news/")
    # A citizen page is not: the switch only changes the console's language.
    assert_stays_home(client.get("/manage/language/km/" + query("/budget/")), "/manage/")


def test_support_handover_ignores_a_hostile_next(district_a, console_client):
    for target in HOSTILE_TARGETS[:6]:
        link = console_client.post(f"/console/districts/{district_a.code}/support/")["Location"]
        assert urlsplit(link).netloc.split(":")[0] == district_a.primary_domain
        support = Client(HTTP_HOST=district_a.primary_domain, raise_request_exception=False)
        response = support.get(urlsplit(link).path + query(target))
        assert_stays_home(response, "/manage/", target)


def test_password_reset_ignores_a_hostile_next(make_district, make_officer):
    district = make_district()  # of its own: five requests an hour per address
    email = make_officer(district, "editor")
    for target in HOSTILE_TARGETS[:5]:
        client = Client(HTTP_HOST=district.primary_domain, raise_request_exception=False)
        response = client.post(
            "/manage/password/reset/" + query(target), {"email": email, "next": target}
        )
        assert_stays_home(response, "/manage/password/reset/sent/", target)

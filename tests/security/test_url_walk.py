"""Server errors from input: every URL pattern of both URL confs (a district's, the platform's
with the provincial console, and the API), read from the resolvers rather than listed by hand,
is asked with NUL bytes, overlong values and wrong types in its path converters and in hostile
query strings and forms, as an anonymous visitor and as every role. No answer may be a 5xx,
and no redirect may lead to another site.

A new URL is walked as soon as it is added to a URL conf: nothing here names one."""

import re
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from tests.district_site.conftest import log_in

from .conftest import console_login

LONG = "a" * 10_000
# What each kind of path converter is filled with: the values an attacker tries.
HOSTILE_PATH_VALUES = {
    "int": ["%00", "9" * 10_000, "99999999999999999999", "-1", "abc", "0"],
    "other": ["%00", LONG, "..%2F..%2Fetc%2Fpasswd", "%E2%80%8B%EF%BB%BF", "<script>", "-1"],
}
# Plausible values, so that real views (not only the resolver's 404) meet the hostile queries.
PLAUSIBLE = {
    "year": "2026",
    "name": "budget",
    "kind": "csv",
    "language": "en",
    "code": "01",
    "slug": "about",
    "path": "news/1/1-360.jpg",
    "pk": "1",
    "direction": "up",
    "quarter": "1",
    "action": "none",
}
# Query parameters the views read (and any other: the guard is generic).
PARAMETERS = [
    "q", "next", "page", "year", "code", "domain", "format", "sort", "status", "category",
    "size", "sector", "commune", "quarter", "district_code", "province_code", "kind", "start",
]  # fmt: skip
HOSTILE_QUERIES = [
    urlencode({name: "x\x00y" for name in PARAMETERS}),
    "%00=%00",
    urlencode({name: LONG for name in PARAMETERS}),
    urlencode({name: "99999999999999999999999" for name in PARAMETERS}),
    urlencode({name: "-1" for name in PARAMETERS}) + "&format=csv",
    urlencode({name: "\u200b\ufeff" for name in PARAMETERS}),
    "page=abc&year=abc&size=abc&start=abc&quarter=abc",
    "%ff%fe=%ff%fe",
    # Every redirect of every URL stays on the site (see walk).
    urlencode({"next": "https://evil.example/", "return": "//evil.example/"}),
    urlencode({"next": "/\\evil.example", "url": "javascript:alert(1)"}),
]
HOSTILE_FORM = {
    **{name: LONG for name in PARAMETERS},
    "username": "\u200b",
    "password": LONG,
    "email": "x" * 300 + "@example.org",
    "domain": "x" * 300,
    "planned": str(2 * 2**63),
    "revised": "1e300",
    "q1": "-" + "9" * 5000,
    "pk": "99999999999999999999",
    "percent": "abc",
    "role": "superuser",
    "message": "\u200b" * 10,
}

_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _regex_as_route(regex):
    """A regex pattern as a route: its named groups become ``<re:name>`` parameters."""
    route = regex.lstrip("^").rstrip("$")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<re:\1>", route)
    return route.replace("\\.", ".").replace(".*", "")


def routes(patterns, prefix=""):
    """Every (route, name) of ``patterns``, nested includes and language prefixes expanded."""
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            parts = ["", "en/"]
        elif isinstance(pattern, RoutePattern):
            parts = [str(pattern._route)]
        elif isinstance(pattern, RegexPattern):
            parts = [_regex_as_route(pattern._regex)]
        else:  # pragma: no cover - a new kind of pattern must be taught here
            raise AssertionError(f"unknown pattern {pattern!r}")
        for part in parts:
            if isinstance(entry, URLResolver):
                yield from routes(entry.url_patterns, prefix + part)
            else:
                assert isinstance(entry, URLPattern)
                yield prefix + part, entry.name


def fill(route, value_for):
    return "/" + _PARAM.sub(lambda m: value_for(m["converter"] or "str", m["name"]), route)


def path_variants(route):
    """The hostile paths of ``route``: each hostile value in every parameter at once."""
    if not _PARAM.search(route):
        return []
    count = len(HOSTILE_PATH_VALUES["other"])
    return [
        fill(route, lambda conv, name, i=i: HOSTILE_PATH_VALUES[_kind(conv)][i])
        for i in range(count)
    ]


def _kind(converter):
    return "int" if converter == "int" else "other"


def plausible(route, district_code="01"):
    return fill(
        route,
        lambda conv, name: district_code if name == "code" else PLAUSIBLE.get(name, "1"),
    )


def leaves_the_site(location, host):
    """Whether a browser following ``location`` would leave ``host``: another host, another
    scheme, or a path browsers read as a host (``//x``, ``/\\x``)."""
    parts = urlsplit(location)
    return (
        parts.netloc not in ("", host)
        or parts.scheme not in ("", "http", "https")
        or location.replace("\\", "/").startswith("//")
        or any(ord(char) < 32 for char in location)
    )


def walk(client, urlconf, *, host, post=True, district_code="01"):
    """Ask every route of ``urlconf`` with ``client``; the problems found."""
    problems = []
    found = list(routes(get_resolver(urlconf).url_patterns))
    assert len(found) > 5, urlconf
    for route, name in found:
        requests = [("get", path, "") for path in path_variants(route)]
        base = plausible(route, district_code)
        requests += [("get", base, q) for q in HOSTILE_QUERIES]
        if post and name != "logout":  # logging out would end the role's walk
            # Forms are posted only to hostile paths (and to routes without parameters), so
            # the walk never suspends a district or publishes a page by a plausible id.
            targets = path_variants(route) or [base]
            requests += [("post", path, HOSTILE_QUERIES[2]) for path in targets[:2]]
        for method, path, query in requests:
            url = path + ("?" + query if query else "")
            try:
                if method == "post":
                    response = client.post(url, HOSTILE_FORM)
                else:
                    response = client.get(url)
            except Exception as exc:  # the client re-raises what the view raised
                problems.append(f"{method.upper()} {url[:150]} ({name}): raised {exc!r:.200}")
                continue
            if response.status_code >= 500:
                problems.append(f"{method.upper()} {url[:150]} ({name}): {response.status_code}")
            location = response.get("Location", "")
            if location and leaves_the_site(location, host):
                problems.append(f"{method.upper()} {url[:150]} ({name}): to {location[:100]}")
    return problems


def test_the_walk_finds_every_kind_of_route():
    """The walk covers routes with converters, regex routes, includes and language prefixes:
    it would otherwise pass by visiting nothing."""
    district = list(routes(get_resolver(settings.ROOT_URLCONF).url_patterns))
    platform = list(routes(get_resolver(settings.PUBLIC_SCHEMA_URLCONF).url_patterns))
    names = {name for _route, name in district + platform}
    assert {"media", "download", "rows", "track", "programme", "language"} <= names
    assert {"tls_ask", "login", "district_action", "open_data_file"} <= names
    assert any(route.startswith("en/") for route, _name in district)
    assert any(route.startswith("api/v1/") for route, _name in district)
    assert any("<int:" in route for route, _name in district)
    assert any("<re:" in route for route, _name in district)
    assert sum(1 for route, _name in platform if "console/" in route) >= 10


def _district_client(district, email=None):
    from django.test import Client

    # Exceptions are raised to the walk, which records them with the request.
    client = Client(HTTP_HOST=district.primary_domain)
    if email:
        response = log_in(client, email)
        assert response.status_code == 302
    return client


@pytest.fixture(scope="module")
def published(make_district, django_db_blocker):
    """One district with content published in every app (budget years 2025 and 2026, projects,
    forums, answered feedback), so that plausible addresses reach real pages."""
    from tests.district_site.opendata.conftest import seed_published

    with django_db_blocker.unblock():
        return seed_published(make_district())


@pytest.mark.parametrize("role", [None, "editor", "publisher", "district_admin"])
def test_no_district_url_answers_a_server_error_to_hostile_input(role, published, make_officer):
    """Every URL of a district's host, as a citizen and as each officer role.

    Slow (about 20-30 s a role): some 1,650 hostile requests per role.
    """
    email = make_officer(published, role) if role else None
    client = _district_client(published, email)
    problems = walk(client, settings.ROOT_URLCONF, host=published.primary_domain)
    assert problems == []


@pytest.mark.parametrize("role", [None, "provincial_admin"])
def test_no_platform_url_answers_a_server_error_to_hostile_input(role, published):
    """Every URL of the platform's host (directory, open data, provincial console, TLS ask),
    as a visitor and as a provincial admin logged in with password and second factor; the
    console's district pages with a real district's code."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    if role:
        assert console_login(client).status_code == 302
    problems = walk(
        client,
        settings.PUBLIC_SCHEMA_URLCONF,
        host="localhost",
        district_code=published.code,
    )
    assert problems == []


def test_a_nul_in_the_path_or_query_is_refused_in_the_readers_language(district_a):
    """The named cases of the report: feedback tracking (path and query), the TLS ask
    endpoint, a console lookup; Khmer on Khmer pages, English under /en/."""
    from django.test import Client

    from .conftest import english, khmer

    message = (
        "The address or the form contains characters that are not allowed (control "
        "characters such as NUL). Check what you typed or pasted."
    )
    citizen = Client(HTTP_HOST=district_a.primary_domain)
    platform = Client(HTTP_HOST="localhost")
    for client, url, language in [
        (citizen, "/feedback/track/" + quote("AB\x00C") + "/", "km"),
        (citizen, "/feedback/track/?code=%00", "km"),
        (citizen, "/en/feedback/track/?code=%00", "en"),
        (citizen, "/search/?q=a%00", "km"),
        (platform, "/tls/ask?domain=%00", "km"),
        (platform, "/console/onboard/?q=%00", "km"),
        (platform, "/en/console/onboard/?q=%00", "en"),
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        expected = khmer(message) if language == "km" else english(message)
        assert expected in response.content.decode(), url
        assert f'lang="{language}"' in response.content.decode()


def test_a_nul_in_an_api_query_is_refused_in_the_apis_error_shape(district_a):
    """The API answers its documented JSON error, in the language Accept-Language asks for."""
    from django.test import Client

    from .conftest import khmer

    message = (
        "The address or the form contains characters that are not allowed (control "
        "characters such as NUL). Check what you typed or pasted."
    )
    client = Client(HTTP_HOST=district_a.primary_domain)
    response = client.get("/api/v1/budget/?year=%00")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"status": 400, "message": khmer(message)}}
    english = client.get("/api/v1/budget/?year=%00", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["error"]["message"] == message


def test_a_nul_in_a_form_is_refused_and_nothing_is_written(district_a):
    from django.test import Client
    from django_tenants.utils import tenant_context

    from district_site.feedback.models import Feedback

    with tenant_context(district_a):
        before = Feedback.objects.count()
    response = Client(HTTP_HOST=district_a.primary_domain).post(
        "/feedback/", {"category": "other", "message": "Hello\x00 there, a long message"}
    )
    assert response.status_code == 400
    with tenant_context(district_a):
        assert Feedback.objects.count() == before


def test_a_media_folder_is_not_found(district_a):
    """A folder of the district's media is not a file: 404, as a missing file is, while a file
    in it is served."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.test import Client
    from django_tenants.utils import tenant_context

    from tenants import actions

    # A file no published item names is an officer's to see (district_site.core.media_access):
    # the officer is the one who could be shown a folder by mistake.
    email = "walk-media@example.com"
    actions.add_officer(district_a, email=email, role="editor", password="walk-media-pass-2026")
    client = Client(HTTP_HOST=district_a.primary_domain)
    with tenant_context(district_a):
        name = default_storage.save("news/walk/file.txt", ContentFile(b"a file"))
        client.force_login(get_user_model().objects.get(email=email))
    file = client.get(f"/media/{name}")
    file.close()
    assert file.status_code == 200
    for path in [
        "/media/news/",
        "/media/news",
        "/media/news/walk",
        "/media/news/walk/",
        "/media/",
        "/media/" + LONG,
        "/media/..",
        "/media/news/walk/file.txt/",
    ]:
        assert client.get(path).status_code == 404, path


def test_the_walk_reports_a_view_that_fails(district_a, settings):
    """The walk is not a formality: a view that raises on an overlong value is reported."""
    from django.test import Client

    settings.ROOT_URLCONF = "tests.security.broken_urls"
    client = Client(HTTP_HOST=district_a.primary_domain)
    problems = walk(client, settings.ROOT_URLCONF, host=district_a.primary_domain, post=False)
    assert problems and all("fragile" in problem for problem in problems)


@pytest.mark.parametrize(
    "cookie", ["abcdefgh\x00ij", "a" * 10_000, "\x01\x02\x03\x04\x05\x06\x07\x08"]
)
def test_hostile_cookies_are_never_a_server_error(cookie, district_a, district_client):
    """A session, CSRF or language cookie holding NUL, control characters or 10,000
    characters is treated as absent (or as a session that does not exist): the officer is
    asked to log in, never shown a server error."""
    from django.test import Client

    header = f"sessionid={cookie}; csrftoken={cookie}; django_language={cookie}"
    for host, path in [
        (district_a.primary_domain, "/"),
        (district_a.primary_domain, "/manage/"),
        (district_a.primary_domain, "/manage/budget/"),
        (district_a.primary_domain, "/api/v1/"),
        ("localhost", "/console/"),
        ("localhost", "/en/"),
    ]:
        client = Client(HTTP_HOST=host, HTTP_COOKIE=header)
        assert client.get(path).status_code < 500, path
        assert client.post(path, {"message": "x"}).status_code < 500, path
    assert (
        Client(HTTP_HOST=district_a.primary_domain, HTTP_COOKIE=header).get("/manage/").status_code
        == 302
    )


def test_the_walk_knows_a_redirect_off_the_site():
    host = "ouchruv.localhost"
    for location in ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]:
        assert leaves_the_site(location, host), location
    for location in ["/manage/", "http://ouchruv.localhost/en/", "/news/?page=2"]:
        assert not leaves_the_site(location, host), location

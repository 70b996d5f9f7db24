"""Every public form and every expensive endpoint, on a district's host and on the platform's, is
limited per client address: past its limit it answers 429 with Retry-After, a page in Khmer (JSON
under /api/). The list of limited endpoints walked here is checked against the URL resolvers:
every view marked as limited is in it, every page an anonymous reader gets that holds a POST
form posts to a limited view, and every expensive view named below is limited."""

import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import translation

DISTRICT_URLS = "district_site.urls"
PLATFORM_URLS = "platform_site.urls_public"

# (urlconf, how the endpoint is asked, path, scope). Tokens and codes are made up: the limit
# counts requests, whatever the answer.
LIMITED = [
    (DISTRICT_URLS, "post", "/feedback/", "forms"),
    (DISTRICT_URLS, "get", "/feedback/track/?code=ABCD-EFGH", "tracking"),
    (DISTRICT_URLS, "get", "/feedback/track/ABCD-EFGH/", "tracking"),
    (DISTRICT_URLS, "get", "/search/?q=road", "search"),
    (DISTRICT_URLS, "get", "/open-data/datapackage.json", "open-data"),
    (DISTRICT_URLS, "get", "/open-data/budget.csv", "open-data"),
    (DISTRICT_URLS, "get", "/api/v1/", "api"),
    (DISTRICT_URLS, "get", "/api/v1/openapi.json", "api"),
    (DISTRICT_URLS, "get", "/api/v1/budget/", "api"),
    (DISTRICT_URLS, "get", "/api/v1/no/such/thing", "api"),
    (DISTRICT_URLS, "post", "/manage/login/", "forms"),
    (DISTRICT_URLS, "post", "/manage/password/reset/", "forms"),
    (DISTRICT_URLS, "post", "/manage/password/reset/MQ/set-password/", "forms"),
    (DISTRICT_URLS, "post", "/manage/invitation/MQ/abc-123/", "forms"),
    (DISTRICT_URLS, "get", "/manage/support/made-up-token/", "forms"),
    (PLATFORM_URLS, "post", "/console/login/", "forms"),
    (PLATFORM_URLS, "get", "/open-data/budget.csv", "open-data"),
]
# Expensive to answer, or a secret to guess: each must be limited (by URL name).
EXPENSIVE = {
    DISTRICT_URLS: {
        "search",
        "feedback:track",
        "feedback:track_query",
        "opendata:download",
        "opendata:datapackage",
        "api:index",
        "api:openapi",
        "api:rows",
    },
    PLATFORM_URLS: {"open_data_file"},
}
# Not limited, and why.
EXEMPT = {
    # Caddy asks from loopback before each new certificate: a limit per address would limit
    # Caddy itself. It answers from the cached host map and is never exposed by the proxy.
    (PLATFORM_URLS, "tls_ask"),
}


def _walk(patterns, prefix=""):
    """(route, name, callback) of every URL pattern, with the route of its includes."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            for sub_route, name, callback in _walk(entry.url_patterns, route):
                yield sub_route, (namespace + name) if name else None, callback
        elif isinstance(entry, URLPattern):
            yield route, entry.name, entry.callback


def _patterns(urlconf):
    with translation.override("km"):
        return list(_walk(get_resolver(urlconf).url_patterns))


SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x/y"}
SAMPLE_REGEX = {
    r"^(?P<name>[a-z0-9-]+)\.(?P<kind>csv|xlsx|json|geojson)$": "budget.csv",
    r"^(?P<rest>.*)$": "x",
}


def _sample_path(route):
    """A path the route matches, with made-up values for its parts."""
    for regex, sample in SAMPLE_REGEX.items():
        if route.endswith(regex):
            return "/" + route[: -len(regex)] + sample
    assert "^" not in route and "(?P" not in route, f"add a sample for {route}"
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[m[1] or "str"], route)


def _client(urlconf, district, host_client):
    return host_client(district.primary_domain if urlconf == DISTRICT_URLS else "localhost")


@translation.override("km")  # Khmer paths are unprefixed; another test may leave English on
def test_the_list_agrees_with_the_resolvers():
    """Every view marked limited is walked below, and every expensive one is marked."""
    for urlconf in (DISTRICT_URLS, PLATFORM_URLS):
        patterns = _patterns(urlconf)
        marked = {
            callback for _route, _name, callback in patterns if hasattr(callback, "rate_limit")
        }
        walked = set()
        for conf, _method, path, _scope in LIMITED:
            if conf == urlconf:
                match = resolve(path.split("?")[0], urlconf)
                assert hasattr(match.func, "rate_limit"), f"{path} is not limited"
                walked.add(match.func)
        assert marked == walked, f"limited but not walked: {marked - walked}"
        limited_names = {name for _route, name, callback in patterns if callback in marked}
        missing = EXPENSIVE[urlconf] - limited_names
        assert not missing, f"not limited: {missing}"
        names = {name for _route, name, _callback in _patterns(urlconf)}
        assert {name for conf, name in EXEMPT if conf == urlconf} <= names


def test_every_form_an_anonymous_reader_can_post_is_limited(district_a, host_client):
    """Walks every URL pattern of both hosts as an anonymous reader; each page with a POST form
    must post to a limited view."""
    found = 0
    for urlconf in (DISTRICT_URLS, PLATFORM_URLS):
        client = _client(urlconf, district_a, host_client)
        for route, _name, _callback in _patterns(urlconf):
            path = _sample_path(route)
            response = client.get(path)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            page = response.content.decode()
            for form in re.finditer(r"<form\b[^>]*>", page, re.I):
                tag = form[0]
                if not re.search(r'method="?post', tag, re.I):
                    continue
                action = re.search(r'action="([^"]*)"', tag)
                target = (action[1] if action and action[1] else path).split("?")[0]
                match = resolve(target, urlconf)
                assert hasattr(match.func, "rate_limit"), f"{path} posts to unlimited {target}"
                found += 1
    assert found >= 4  # feedback, officer login, password reset, console login


@pytest.mark.parametrize(("urlconf", "method", "path", "scope"), LIMITED)
def test_past_its_limit_an_endpoint_answers_429_in_the_readers_language(
    urlconf, method, path, scope, settings, district_a, host_client
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, scope: (2, 600)}
    client = _client(urlconf, district_a, host_client)
    ask = getattr(client, method)

    answers = [ask(path) for _ in range(3)]

    assert [answer.status_code == 429 for answer in answers] == [False, False, True]
    refused = answers[-1]
    assert 0 < int(refused["Retry-After"]) <= 600
    if path.startswith("/api/"):
        assert json.loads(refused.content)["error"]["status"] == 429
    else:
        with translation.override("km"):
            wait = translation.gettext("Please wait a moment")
        assert wait != "Please wait a moment"
        assert wait in refused.content.decode()


def test_each_address_and_each_district_counts_its_own(settings, make_district, host_client):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": (1, 600)}
    district_a, district_b = make_district(), make_district()

    first = host_client(district_a.primary_domain).get("/search/?q=a")
    again = host_client(district_a.primary_domain).get("/search/?q=a")
    elsewhere = host_client(district_b.primary_domain).get("/search/?q=a")
    other_address = host_client(district_a.primary_domain).get(
        "/search/?q=a", REMOTE_ADDR="10.0.0.9"
    )

    assert (first.status_code, again.status_code) == (200, 429)
    assert elsewhere.status_code == 200
    assert other_address.status_code == 200

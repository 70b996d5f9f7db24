"""Every citizen page costs at most a few queries even when the page cache cannot serve it: the
first reader after a publication, a filtered list and a search are all rendered (issue 15).

The pages are found from the district's URL conf itself, so a new citizen page is counted the
day it is added: a pattern without an example path below fails the test. Counts are queries, not
times: deterministic on any machine."""

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from tests.citizen_pages import seed_citizen_site

MAX_QUERIES = 5

# A query string the page does not read: the page cache never serves a request with one
# (district_site.core.page_cache), exactly as for a filtered list.
UNCACHED = "uncached=1"

# Left out, with the reason:
SKIPPED = {
    # The officer console (and its audit log under manage/revisions/): officers always see live
    # pages, behind a login and a second factor; its budget is not the citizens' one.
    "manage/": "console",
    # Stored files streamed from S3 (district_site.core.media_access): no page is rendered.
    "media/<path:path>": "media",
    # The open data API and downloads: their cost grows with the data asked for, and
    # bench.opendata measures them.
    "api/v1/": "API",
    "open-data/<name>.<kind>": "open data files",
    "open-data/datapackage.json": "open data files",
}

# An example path for each citizen URL pattern; {placeholders} are filled by seed_citizen_site.
EXAMPLES = {
    "robots.txt": "/robots.txt",
    "sitemap.xml": "/sitemap.xml",
    "": "/",
    "p/<slug:slug>/": "/p/about/",
    "p/accessibility/": "/p/accessibility/",
    "p/privacy/": "/p/privacy/",
    "council/": "/council/",
    "news/": "/news/",
    "news/<int:pk>/": "/news/{news_post}/",
    "news/rss.xml": "/news/rss.xml",
    "news/atom.xml": "/news/atom.xml",
    "services/": "/services/",
    "budget/": "/budget/",
    "budget/<int:year>/": "/budget/{budget_year}/",
    "budget/<int:year>/programme/<str:code>/": "/budget/{budget_year}/programme/{programme}/",
    "budget/<int:year>/versions/": "/budget/{budget_year}/versions/",
    "budget/<int:year>/citizens-budget.pdf": "/budget/{budget_year}/citizens-budget.pdf",
    "projects/": "/projects/",
    "projects/map/": "/projects/map/",
    "projects/<str:code>/": "/projects/{project}/",
    "documents/": "/documents/",
    "forums/": "/forums/",
    "forums/<int:pk>/": "/forums/{forum}/",
    "forums/<int:pk>/minutes/": "/forums/{forum}/minutes/",
    "forums/<int:pk>/calendar.ics": "/forums/{forum}/calendar.ics",
    "forums/calendar.ics": "/forums/calendar.ics",
    "feedback/": "/feedback/",
    "feedback/track/": "/feedback/track/?code={tracking_code}",
    "feedback/track/<str:code>/": "/feedback/track/{tracking_code}/",
    "feedback/answers/": "/feedback/answers/",
    "search/": "/search/?q=អូរជ្រៅ",
    "open-data/": "/open-data/",
}


def _routes(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if any(_readable(route).startswith(skipped) for skipped in SKIPPED):
            continue
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        else:
            assert isinstance(entry, URLPattern)
            yield route


def _readable(route):
    # The open data files' regular expression, as SKIPPED names it.
    files = r"^(?P<name>[a-z0-9-]+)\.(?P<kind>csv|xlsx|json|geojson)$"
    return route.replace(files, "<name>.<kind>")


def citizen_routes():
    """Every citizen URL pattern of a district's host, the language prefix taken off."""
    routes = []
    # The prefix follows the active language, which an earlier test in this process may leave.
    with translation.override(settings.LANGUAGE_CODE):
        found = list(_routes(get_resolver("district_site.urls").url_patterns))
    for route in found:
        # i18n_patterns' prefix prints as "" (Khmer) here; strip the regex anchors of re_path.
        routes.append(route.removeprefix("^"))
    return routes


def _uncached(path):
    return path + ("&" if "?" in path else "?") + UNCACHED


def test_every_citizen_url_pattern_has_an_example():
    missing = [route for route in citizen_routes() if route not in EXAMPLES]

    assert not missing, f"add an example path to EXAMPLES (or a reason to SKIPPED): {missing}"


def test_every_citizen_page_costs_at_most_five_queries_uncached(host_client, make_district):
    """Each page in Khmer and in English, asked twice: the first request fills what is cached
    per district (profile, menu, home sections), the second is what every later reader of a
    filtered list or a search costs until the next publication."""
    district = make_district()
    values = seed_citizen_site(district)
    client = host_client(district.primary_domain)
    counts = {}
    for route in citizen_routes():
        for prefix in ("", "/en"):
            path = EXAMPLES[route].format(**values)
            if prefix and path in ("/robots.txt", "/sitemap.xml"):
                continue
            path = _uncached(prefix + path)
            first = client.get(path)
            # A few answer with a redirect (the minutes' file, a tracking code typed in a form).
            assert first.status_code in (200, 302), (path, first.status_code)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == first.status_code, path
            counts[path] = [query["sql"] for query in queries]

    over = {path: sqls for path, sqls in counts.items() if len(sqls) > MAX_QUERIES}
    summary = "\n".join(f"{len(sqls):3} {path}" for path, sqls in counts.items())
    assert not over, (
        summary
        + "\n\n"
        + "\n\n".join(f"{path}:\n  " + "\n  ".join(sqls) for path, sqls in over.items())
    )

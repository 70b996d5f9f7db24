"""Every answer of every host carries the strict Content-Security-Policy, Permissions-Policy,
Cross-Origin-Opener-Policy and Referrer-Policy: each citizen page type (tests/citizen_pages.py)
in both languages, every provincial-console URL walked from the platform's resolver, the
platform's pages, error pages, files, feeds, the API, /healthz and an unknown host's 404, and
every officer-console URL (walked once for several checks: test_console_pages.py in
tests/district_site/manage/). And no page or template holds inline script or style for the
policy to refuse."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.citizen_pages import citizen_urls, seed_citizen_site
from tests.conftest import PASSWORD, current_code

ROOT = Path(__file__).resolve().parents[2]
# Keywords that would let injected markup run or style the page.
ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:[0-9]+)?$")
UNSAFE_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:"}


def directives(header):
    """{"script-src": ["'self'"], ...} from a Content-Security-Policy header."""
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def policy_problems(response):
    """What is missing from ``response``'s headers or too loose in its policy."""
    header = response.get("Content-Security-Policy")
    if not header:
        return ["no Content-Security-Policy"]
    policy = directives(header)
    problems = []
    expected = {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    for name, sources in expected.items():
        if policy.get(name) != sources:
            problems.append(f"{name} is {policy.get(name)}, not {sources}")
    # 'self', and on the page with "Enter as support" one district's origin, never a wildcard.
    form_action = policy.get("form-action") or [None]
    if form_action[0] != "'self'" or not all(map(ORIGIN.match, form_action[1:])):
        problems.append(f"form-action is {policy.get('form-action')}")
    for name, sources in policy.items():
        if UNSAFE_SOURCES & set(sources):
            problems.append(f"{name} allows {sorted(UNSAFE_SOURCES & set(sources))}")
    if policy.get("report-uri") != ["/csp-report"] or policy.get("report-to") != ["csp"]:
        problems.append("violations are not reported to /csp-report")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append(f"Permissions-Policy is {response.get('Permissions-Policy')!r}")
    if response.get("Cross-Origin-Opener-Policy") != "same-origin":
        problems.append("no Cross-Origin-Opener-Policy: same-origin")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append("no Referrer-Policy: same-origin")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    return problems


class _InlineCode(HTMLParser):
    """Inline scripts, style elements, style attributes, event handlers and javascript: links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # A data block (json_script) is never run, so the policy does not apply to it.
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name == "style":
                self.found.append(f"style attribute on <{tag}>")
            elif name.startswith("on"):
                self.found.append(f"{name} handler on <{tag}>")
            elif name in ("href", "src", "action") and (value or "").lower().startswith(
                "javascript:"
            ):
                self.found.append(f"javascript: {name} on <{tag}>")


def inline_code(html):
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


def _check(response, path, problems):
    found = policy_problems(response)
    if "text/html" in response.get("Content-Type", ""):
        found += inline_code(response.content.decode())
    if found:
        problems[f"{path} ({response.status_code})"] = found


def test_every_citizen_page_type_and_file_has_the_strict_policy(make_district, host_client):
    district = make_district()
    values = seed_citizen_site(district)
    client = host_client(district.primary_domain)
    paths = [path for _id, path in citizen_urls(values)]
    paths += ["/robots.txt", "/sitemap.xml", "/news/rss.xml", "/news/atom.xml"]
    paths += ["/open-data/datapackage.json", "/api/v1/", "/healthz", "/media/no-such-file.jpg"]
    paths += ["/manage/login/", "/manage/password/reset/", "/.well-known/security.txt"]

    problems = {}
    statuses = {}
    for path in paths:
        response = client.get(path)
        statuses[path] = response.status_code
        _check(response, path, problems)
    home = client.get("/").content.decode()
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
    _check(client.get(stylesheet), stylesheet, problems)

    assert statuses["/"] == 200 and statuses["/no-such-page/"] == 404, statuses
    assert not problems, problems


def test_a_pdf_document_is_downloaded_and_can_script_nothing(make_district, host_client):
    """An uploaded document is sent as an attachment, with a policy of its own that allows it
    nothing (sandboxed, no source of any kind) and nosniff: whatever a PDF holds, it never runs
    on the district's origin (district_site.core.media_access)."""
    district = make_district()
    seed_citizen_site(district)
    client = host_client(district.primary_domain)
    listing = client.get("/en/documents/").content.decode()
    link = re.search(r'href="([^"]+?\.pdf)"', listing).group(1)

    document = client.get(urlsplit(link).path)
    policy = directives(document["Content-Security-Policy"])

    assert document["Content-Disposition"].startswith("attachment")
    assert document["X-Content-Type-Options"] == "nosniff"
    assert policy["default-src"] == ["'none'"] and "sandbox" in policy


def _platform_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver(settings.PUBLIC_SCHEMA_URLCONF)
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _platform_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def test_every_platform_and_provincial_console_url_has_the_strict_policy(
    make_district, provincial_admin
):
    """Walked from the platform's resolver, in English and Khmer, as a provincial admin."""
    district = make_district()
    console = Client(HTTP_HOST="localhost")
    response = console.post(
        "/en/console/login/",
        {
            "username": provincial_admin["email"],
            "password": PASSWORD,
            "otp_token": current_code(provincial_admin["device"]),
        },
    )
    assert response.status_code == 302
    fillings = {"code": district.code, "action": "support", "name": "budget.csv"}

    problems, read = {}, []
    for route in _platform_patterns():
        if "logout" in route:
            continue
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: fillings[m.group(1)], route)
        path = path.replace("^", "").replace("$", "")
        for prefixed in {path, "/en" + path if not path.startswith("/en/") else path}:
            response = console.get(prefixed)
            _check(response, prefixed, problems)
            if response.status_code == 200:
                read.append(prefixed)
    for path in ("/healthz", "/.well-known/security.txt", "/no-such-page/"):
        _check(console.get(path), path, problems)

    assert f"/en/console/districts/{district.code}/" in read and "/en/console/" in read, read
    assert not problems, problems


def test_the_provincial_district_page_lets_support_post_to_the_district_host_only(
    make_district, provincial_admin
):
    """ "Enter as support" redirects to the district's host: that page, and only that page,
    widens form-action by that one origin."""
    district = make_district()
    console = Client(HTTP_HOST="localhost")
    console.post(
        "/en/console/login/",
        {
            "username": provincial_admin["email"],
            "password": PASSWORD,
            "otp_token": current_code(provincial_admin["device"]),
        },
    )

    detail = console.get(f"/en/console/districts/{district.code}/")
    listing = console.get("/en/console/")

    origin = f"http://{district.primary_domain}:{settings.PUBLIC_PORT}".removesuffix(":")
    assert directives(detail["Content-Security-Policy"])["form-action"] == ["'self'", origin]
    assert directives(listing["Content-Security-Policy"])["form-action"] == ["'self'"]


def test_an_unknown_host_and_a_suspended_district_answer_with_the_policy_too(make_district):
    from tenants import actions

    district = make_district()
    actions.suspend_district(district, actor="test")

    unknown = Client(HTTP_HOST="nowhere.example").get("/")
    suspended = Client(HTTP_HOST=district.primary_domain).get("/")

    assert unknown.status_code == 404 and policy_problems(unknown) == []
    assert suspended.status_code == 503 and policy_problems(suspended) == []


def test_the_security_headers_run_before_anything_that_can_answer():
    """Outermost in MIDDLEWARE, so every answer passes through them, even a 500 page or an
    answer given before the host's district is known."""
    first = settings.MIDDLEWARE[:3]

    assert first == [
        "django.middleware.security.SecurityMiddleware",
        "csp.middleware.CSPMiddleware",
        "platform_site.security.SecurityHeadersMiddleware",
    ]


TEMPLATE_INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.IGNORECASE
)


def test_no_template_holds_inline_script_or_style():
    """Every template of the three layers, and every SVG the project ships."""
    files = [
        path
        for layer in ("district_site", "platform_site", "tenants", "static")
        for path in (ROOT / layer).rglob("*")
        if path.suffix in {".html", ".svg", ".xml", ".txt"} and path.is_file()
    ]
    found = {
        str(path.relative_to(ROOT)): TEMPLATE_INLINE_CODE.findall(path.read_text("utf-8"))
        for path in files
    }

    assert len(files) > 50
    assert {path: hits for path, hits in found.items() if hits} == {}


def test_the_checks_catch_inline_code_and_a_loose_policy():
    """The checks above can fail."""
    html = (
        '<script>alert(1)</script><script src="/static/a.js"></script><style>p{}</style>'
        '<p style="color:red" onclick="x()"><a href="javascript:void(0)">x</a></p>'
        '<svg><rect fill="#fff"/></svg>'
    )
    loose = Client().get("/")  # a response object to decorate, whatever its content
    loose["Content-Security-Policy"] = "default-src 'self'; style-src 'self' 'unsafe-inline'"

    assert inline_code(html) == [
        "inline <script>",
        "<style> element",
        "style attribute on <p>",
        "onclick handler on <p>",
        "javascript: href on <a>",
    ]
    problems = policy_problems(loose)
    assert "style-src allows [\"'unsafe-inline'\"]" in problems
    assert "object-src is None, not [\"'none'\"]" in problems
    assert TEMPLATE_INLINE_CODE.findall('<p style="x"><script>') == [" style=", "<script"]

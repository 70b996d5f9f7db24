"""Server errors from input: every URL pattern of both URL confs (a district's, the platform's
with the provincial console, and the API), read from the resolvers rather than listed by hand,
is asked with NUL bytes, overlong values and wrong types in its path converters and in hostile
query strings and forms, as an anonymous visitor and as every role. No answer may be a 5xx,
and no redirect may lead to another site.

A new URL is walked as soon as it is added to a URL conf: nothing here names one. An officer's
walk of a district skips the URLs whose answer cannot depend on who is logged in: the rule
that says which (``answers_per_officer``) reads the views' code, never a list of names."""

import ast
import functools
import importlib
import importlib.util
import inspect
import re
import sys
import textwrap
import types
from pathlib import Path
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

ROOT = Path(__file__).resolve().parents[2]
_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _regex_as_route(regex):
    """A regex pattern as a route: its named groups become ``<re:name>`` parameters."""
    route = regex.lstrip("^").rstrip("$")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<re:\1>", route)
    return route.replace("\\.", ".").replace(".*", "")


def routes(patterns, prefix=""):
    """Every (route, name, view) of ``patterns``, nested includes and language prefixes
    expanded."""
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
                yield prefix + part, entry.name, entry.callback


# How code learns who is logged in: the request's user, the session the login lives in, and the
# gates that read them. One of these names in a view's code, or in code of ours it reaches,
# makes its answer depend on who asks.
USER_NAMES = {
    "user", "auser", "session", "roles_of",
    "officer_required", "login_required", "permission_required", "user_passes_test",
}  # fmt: skip
# Django's authentication and second factor read the request's user (their models and
# get_user_model only hold users: they do not ask who is logged in).
AUTHENTICATION = ("django.contrib.auth", "django_otp")
# Our code, read by the rule: the project's, and views the tests define (tests.security).
OURS = ("district_site", "tenants", "platform_site", "tests")
# The officer console: on its paths middleware reads the user whatever the view does
# (SecondFactorMiddleware sends a district administrator without a second factor to the two-step
# screen, IdleTimeoutMiddleware an idle session to the login page).
CONSOLE = "manage/"


def answers_per_officer(route, view):
    """Whether an officer's answer at ``route`` can differ from a citizen's, so that each role
    walks it: a console path, or a view that reads who is logged in (``reads_the_user``).

    A citizen page reads no user anywhere: not in its view (this rule), not in the context
    processors or templates every page uses (test_no_citizen_page_reads_the_user_elsewhere).
    Middleware reads the user on every path, but beyond the console only to keep the session
    alive (IdleTimeoutMiddleware), the same for any input. An officer's session also keeps a
    citizen page out of the page cache (district_site.core.page_cache), so its view runs; it
    runs for the citizen's walk too, whose requests each carry a query or a form (never cached)
    or are a hostile path asked once."""
    return route.startswith(CONSOLE) or reads_the_user(view)


def reads_the_user(view):
    """Whether ``view`` can read who is logged in: its code, or any code of ours it reaches,
    names the user, the session or a gate (``USER_NAMES``), or reaches Django's
    authentication. Reached means: a layer around the view (what a decorator wraps, a
    closure's cells, a class-based view's class and bases, a bound method's object), and any
    function, class or module its code names or imports, followed through their own code.
    Reaching too far only makes an officer walk a route more; code that cannot be read counts
    as reading the user, so that nothing is skipped by not being understood."""
    seen = {}
    todo = [view]
    while todo:
        found = todo.pop()
        if found is None or isinstance(found, types.ModuleType):
            continue
        if id(found) in seen or id(found) in _READS_NO_USER:
            continue
        seen[id(found)] = found
        module = getattr(found, "__module__", None) or ""
        if module.startswith(AUTHENTICATION) and not _holds_users(found):
            return True
        if isinstance(found, types.MethodType):
            todo += [found.__func__, type(found.__self__)]
            continue
        todo += [getattr(found, "__wrapped__", None), getattr(found, "view_class", None)]
        if isinstance(found, types.FunctionType):
            todo += [_content(cell) for cell in found.__closure__ or ()]
            todo.append(_class_of(found))
            namespace = found.__globals__
        elif isinstance(found, type):
            todo += found.__mro__[1:]
            namespace = vars(sys.modules[found.__module__])
        else:  # an instance: a callable view object, a module's constant
            todo.append(type(found))
            continue
        if module.split(".")[0] not in OURS:
            continue
        code = _code_of(found)
        if code is None:
            return True
        for node in code:
            if isinstance(node, ast.Import | ast.ImportFrom):
                imported = _imported(node, found)
                if imported is True:
                    return True
                todo += imported
            elif (node.id if isinstance(node, ast.Name) else node.attr) in USER_NAMES:
                return True
            else:
                todo.append(_named(node, namespace))
    # Kept (so that no id is reused): the next view's walk stops where this one found nothing.
    _READS_NO_USER.update(seen)
    return False


# What a walk of reads_the_user reached without finding the user, by id.
_READS_NO_USER = {}


@functools.cache
def _code_of(found):
    """The names, attributes and imports of ``found``'s own code (None if it cannot be read)."""
    try:
        code = ast.parse(textwrap.dedent(inspect.getsource(found)))
    except (OSError, TypeError, SyntaxError):
        return None
    kinds = ast.Name | ast.Attribute | ast.Import | ast.ImportFrom
    return [node for node in ast.walk(code) if isinstance(node, kinds)]


def _holds_users(found):
    from django.contrib.auth import get_user_model
    from django.db import models

    return found is get_user_model or (isinstance(found, type) and issubclass(found, models.Model))


def _content(cell):
    try:
        return cell.cell_contents
    except ValueError:  # a cell not yet filled
        return None


def _class_of(function):
    """The class a method was defined in (its own code is read whole, ``self.x`` included)."""
    path = function.__qualname__.split(".<locals>")[0].split(".")[:-1]
    found = sys.modules.get(function.__module__)
    for name in path:
        found = getattr(found, name, None)
    return found if isinstance(found, type) else None


def _named(node, namespace):
    """What a name or a dotted name of a module or class stands for in ``namespace``."""
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _named(node.value, namespace)
        if isinstance(owner, types.ModuleType | type):
            return getattr(owner, node.attr, None)
    return None


def _imported(node, found):
    """What an import inside a function brings: True for Django's authentication, else what it
    imports of ours (a module: everything the module defines). Others' modules are not read, so
    not imported either (a PDF library is imported only when a PDF is made)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        package = sys.modules[found.__module__].__package__ or ""
        names = [importlib.util.resolve_name("." * node.level + (node.module or ""), package)]
    if any(name.startswith(AUTHENTICATION) for name in names):
        return True
    modules = [importlib.import_module(name) for name in names if name.split(".")[0] in OURS]
    if isinstance(node, ast.ImportFrom) and modules:
        modules = [_member(modules[0], alias.name) for alias in node.names]
    imported = []
    for module in modules:
        if isinstance(module, types.ModuleType):
            imported += [v for v in vars(module).values() if _defined_in(v, module)]
        else:
            imported.append(module)
    return imported


def _member(module, name):
    """``from module import name``: a name it defines, or a submodule not imported yet."""
    if hasattr(module, name):
        return getattr(module, name)
    return importlib.import_module(f"{module.__name__}.{name}")


def _defined_in(value, module):
    return getattr(value, "__module__", None) == module.__name__


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


def walk(client, urlconf, *, host, post=True, district_code="01", only=None):
    """Ask every route of ``urlconf`` with ``client`` (those for which ``only(route, view)``
    holds, if given); the problems found."""
    problems = []
    found = list(routes(get_resolver(urlconf).url_patterns))
    assert len(found) > 5, urlconf
    for route, name, view in found:
        if only is not None and not only(route, view):
            continue
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
    names = {name for _route, name, _view in district + platform}
    assert {"media", "download", "rows", "track", "programme", "language"} <= names
    assert {"tls_ask", "login", "district_action", "open_data_file"} <= names
    assert any(route.startswith("en/") for route, _name, _view in district)
    assert any(route.startswith("api/v1/") for route, _name, _view in district)
    assert any("<int:" in route for route, _name, _view in district)
    assert any("<re:" in route for route, _name, _view in district)
    assert sum(1 for route, _name, _view in platform if "console/" in route) >= 10


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
    """Every URL of a district's host as a citizen; as each officer role, every URL whose answer
    can depend on who is logged in (``answers_per_officer``: the console, the media, any view
    that reads the user), since the others answer an officer as they answer a citizen.

    Slow (about 15-45 s a role): some 2,240 hostile requests as a citizen, 1,320 as an officer.
    """
    email = make_officer(published, role) if role else None
    client = _district_client(published, email)
    only = answers_per_officer if role else None
    problems = walk(client, settings.ROOT_URLCONF, host=published.primary_domain, only=only)
    assert problems == []


def test_officers_walk_the_console_the_media_and_any_view_that_reads_the_user():
    """The rule that spares officers the citizen pages picks every console URL and the media
    (which shows officers files it hides from citizens), leaves citizen pages to the citizen's
    walk, and would pick a citizen view that started reading the user: directly, through a
    helper of ours, through a decorator, or through Django's authentication."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse

    district = list(routes(get_resolver(settings.ROOT_URLCONF).url_patterns))
    picked = {route for route, _name, view in district if answers_per_officer(route, view)}
    console = {route for route, _name, _view in district if route.startswith("manage/")}
    assert len(console) > 80
    assert console | {"media/<path:path>"} <= picked
    assert {"", "en/", "en/news/<int:pk>/", "api/v1/", "open-data/datapackage.json"}.isdisjoint(
        picked
    )

    def greets(request):
        return HttpResponse(request.user.get_username())

    def greets_through_a_helper(request):
        return HttpResponse(_an_officer_is_reading(request))

    @login_required
    def greets_behind_a_login(request):
        return HttpResponse("hello")

    def greets_whoever_logged_in(request):
        from django.contrib.auth import get_user

        return HttpResponse(get_user(request).get_username())

    def greets_everyone(request):
        return HttpResponse("hello " + request.GET.get("name", ""))

    for view in (greets, greets_through_a_helper, greets_behind_a_login, greets_whoever_logged_in):
        assert answers_per_officer("news/", view), view.__name__
    assert not answers_per_officer("news/", greets_everyone)


def _an_officer_is_reading(request):
    return "officer" if request.session.get("_auth_user_id") else "citizen"


def test_no_citizen_page_reads_the_user_elsewhere():
    """What every citizen page runs beside its view, the context processors, and the citizen
    templates (those outside the console's folders) read no user: ``answers_per_officer`` reads
    only the views' code, so this is what lets it spare officers the citizen pages. (Django's
    auth context processor hands the user to templates lazily: only a template reading it does.)
    """
    from django.template.utils import get_app_template_dirs
    from django.utils.module_loading import import_string

    for dotted in settings.TEMPLATES[0]["OPTIONS"]["context_processors"]:
        if not dotted.startswith("django.contrib.auth."):
            assert not reads_the_user(import_string(dotted)), dotted
    folders = [*settings.TEMPLATES[0]["DIRS"], *get_app_template_dirs("templates")]
    reading = re.compile(r"\b(user|perms|session)\b")
    checked = 0
    ours = [Path(folder) for folder in folders if Path(folder).is_relative_to(ROOT)]
    for folder in ours:
        if folder.relative_to(ROOT).parts[0] not in OURS:
            continue  # a package installed inside the checkout (.venv)
        for template in folder.rglob("*"):
            console = {"manage", "console"} & set(template.relative_to(folder).parts[:-1])
            if template.is_file() and not console:
                assert not reading.search(template.read_text()), template
                checked += 1
    assert checked > 30


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

"""One gate for the officer console: every view under /manage/ goes through
``officer_required`` (district_site.manage.roles), but for the few screens that come before a
login, named below with the reason. The walk reads every URL pattern of the console, through
every app's included ``urls_manage.py``, so a new console screen without the gate fails here
by its name; and it asks each screen, as a visitor and as an officer of another district, and
never gets the screen."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

from district_site.core.contributions import URLs, modules

from ..conftest import log_in

DISTRICT_URLS = "district_site.urls"

# Console screens anyone may open, and why.
OPEN = {
    "manage:login": "where an officer logs in",
    "manage:logout": "logging out asks for no role",
    "manage:language": "the console's language switch, on the login screen too",
    "manage:support": "a provincial admin's support hand-over: the one-time token is the check",
    "manage:invitation": "an invited officer's first password: the emailed token is the check",
    "manage:password_set": "says that the password was set",
    "manage:password_reset": "asks for a password reset email",
    "manage:password_reset_sent": "says that the email was sent",
    "manage:password_reset_confirm": "a new password: the emailed token is the check",
}

SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x/y"}


def _walk(patterns, prefix="", namespace=""):
    """(route, URL name, view) of every pattern below ``patterns``, through every include."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from _walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            name = ":".join(filter(None, [namespace, entry.name]))
            yield route, name, entry.callback


def console_views():
    """(path with made-up values, URL name, view) of every console URL."""
    found = []
    for route, name, view in _walk(get_resolver(DISTRICT_URLS).url_patterns):
        if route.startswith("manage/"):
            assert "(?P" not in route, f"add a sample path for {route}"
            path = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[m[1] or "str"], route)
            found.append((path, name, view))
    return found


def test_the_walk_reaches_every_apps_console():
    """The walk goes through the included console URLs of the apps, not only manage's own."""
    names = {name for _path, name, _view in console_views()}
    for namespace in ("news_manage", "forums_manage", "feedback_manage", "revisions"):
        assert any(name.startswith(f"{namespace}:") for name in names), namespace
    assert set(OPEN) <= names, f"named open but gone: {set(OPEN) - names}"


def test_every_apps_url_module_keeps_the_url_contract():
    """What district_site.urls gathers: a module without urlpatterns fails here by its name."""
    for name in ("urls", "urls_manage", "urls_unprefixed"):
        for module in modules(name):
            assert isinstance(module, URLs), module.__name__


def test_every_console_view_goes_through_officer_required():
    ungated = [
        f"{name} ({path})"
        for path, name, view in console_views()
        if name not in OPEN and not getattr(view, "officer_gate", None)
    ]
    assert not ungated, "console views without officer_required: " + ", ".join(ungated)


def _refused(response):
    """The login screen or a refusal; 405 when the view takes only another method (its
    method check comes before the gate, and gives nothing away)."""
    if response.status_code == 302:
        return response["Location"].startswith("/manage/login/")
    return response.status_code in (403, 405)


def _ask_everything(client):
    """[(method, path, status)] of every console screen that did not refuse ``client``."""
    opened = []
    for path, name, _view in console_views():
        if name in OPEN:
            continue
        answers = {method: getattr(client, method)(path) for method in ("get", "post")}
        assert {answer.status_code for answer in answers.values()} != {405}, path
        opened += [
            (method, path, answer.status_code)
            for method, answer in answers.items()
            if not _refused(answer)
        ]
    return opened


def test_a_visitor_gets_the_login_screen_from_every_console_view(district_a, host_client):
    assert _ask_everything(host_client(district_a.primary_domain)) == []


def test_an_officer_of_another_district_gets_nothing_from_this_districts_console(
    make_district, make_officer, host_client
):
    """The district administrator of district B, logged in with B's second factor, brings B's
    session cookie to A's host: A knows neither the session nor the officer."""
    here, elsewhere = make_district(), make_district()
    client = host_client(elsewhere.primary_domain)
    email = make_officer(elsewhere, "district_admin")
    assert log_in(client, email).status_code == 302
    assert client.get("/manage/").status_code == 200  # the officer's own console opens

    client.defaults["HTTP_HOST"] = here.primary_domain
    assert _ask_everything(client) == []

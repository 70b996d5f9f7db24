"""How an app adds to screens it does not own, without those screens naming it.

Any app of TENANT_APPS under ``district_site`` may have these modules; each one's contract is a
``typing.Protocol`` below (tests/district_site/core/test_contributions.py checks every app's
modules against them, so a missing function fails early, with its name):

- ``home.py``: ``section(request)`` returns the context for the app's
  ``<app label>/includes/home_section.html`` on the citizen home page, or None to show nothing;
  ``ORDER`` (an int, default 50) places it among the others.
- ``todo.py``: ``items(request)`` yields ``district_site.manage.worklist.Todo`` for the console's
  "what needs doing" list.
- ``schedule.py``: ``next_change()`` returns when the app's next scheduled content appears
  to citizens (an aware datetime) or None; citizens' cached pages expire by then.
- ``snapshot.py``: ``FIGURES`` declares the app's keyed figures and their kinds; ``figures()``
  counts them in the current district's schema, for the platform's directory and scorecard.
- ``menu.py``: ``LINKS``, a list of ``(order, label, url name)``, adds the app's citizen pages
  to every page's main menu (after the district's own pages, by order); ``FOOTER_LINKS``, the
  same, to every page's footer, for pages most citizens need less often (the menu fits a phone);
  ``CONSOLE_LINKS`` and ``ADMIN_CONSOLE_LINKS``, the same, to the console home's "Update the
  site" list (the second for the district administrator only); ``FEEDS``, the app's feeds
  announced in every page's head. Shared templates name no app's URL: they read these.
- ``searchable.py``: see district_site.search.index.
- ``media.py``: ``FILES``, a list of ``district_site.core.media_access.Files``: which stored
  files citizens may fetch (those of content they can read); every other file is officers' only.
- ``dashboard.py``: ``section(request)`` returns the context for the app's
  ``<app label>/includes/dashboard_section.html`` on the console's home, or None; ``ORDER``.
- ``sitemap.py``: ``paths()``, the app's public pages for sitemap.xml.
- ``demo.py``: ``seed(district)``, the app's demo content (``manage.py seed_demo``).

Screens find the modules through ``modules(name)``; a test adds a fake app's module for a while
with ``contributed(name, module)``.


URLs (see ``URLs`` below): the district's URL conf (district_site.urls) names no app; it
gathers each app's URL modules:

- ``urls.py``: the app's citizen pages, under the language prefixes (Khmer unprefixed, /en/).
- ``urls_manage.py``: the app's officer console screens, under /manage/ (the console's own,
  district_site.manage's, among them); every view in it goes through
  district_site.manage.roles.officer_required, but for the few that come before a login
  (tests/district_site/manage/test_every_console_view_is_gated.py walks them all).
- ``urls_unprefixed.py``: what is the same in every language (data files, an API), outside the
  language prefixes.

Each is mounted at its ``PREFIX`` (default ``"<app label>/"``; ``""`` mounts the patterns at
the root of their conf), in the namespace its ``app_name`` names; without one, the app's label
for ``urls.py``, ``"<app label>_manage"`` for ``urls_manage.py`` and none for
``urls_unprefixed.py`` (``app_name = None`` keeps the names global).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any, Protocol, runtime_checkable

from django.apps import apps
from django.urls import include, path
from django.utils.translation import override

# --------------------------------------------------------------------------------------------
# Finding the modules (and, for tests, adding one)
# --------------------------------------------------------------------------------------------

# Modules a test added with contributed(), by contribution name.
_added: dict[str, list] = {}


@cache
def _found(name):
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("district_site."):
            continue
        if find_spec(f"{config.name}.{name}") is not None:
            found.append(import_module(f"{config.name}.{name}"))
    return tuple(found)


def modules(name):
    """The ``name`` modules of the district apps that have one, in INSTALLED_APPS order (so an
    app comes after those listed before it: its demo may build on theirs), then any a test
    added."""
    return _found(name) + tuple(_added.get(name, ()))


@contextmanager
def contributed(name, module):
    """While the block runs, ``module`` (any object with the attributes of the contribution's
    Protocol) counts as one more app's ``name`` module: a test of a shared screen can show what
    a new app would add to it, without an app."""
    _added.setdefault(name, []).append(module)
    try:
        yield module
    finally:
        _added[name].remove(module)


# --------------------------------------------------------------------------------------------
# Home page, console worklist, schedule, menu, search, media
# --------------------------------------------------------------------------------------------


@runtime_checkable
class Home(Protocol):
    """``home.py``. ``ORDER`` (optional, default 50) places the section among the others.
    ``context(request)`` (optional) gives variables for core/home.html's own places rather than a
    section: the pages app gives the district's welcome ("page") and contact ("contact")."""

    def section(self, request) -> dict[str, Any] | None: ...


@runtime_checkable
class Todo(Protocol):
    """``todo.py``."""

    def items(self, request) -> Iterable[Any]: ...


@runtime_checkable
class Schedule(Protocol):
    """``schedule.py``."""

    def next_change(self) -> datetime | None: ...


@runtime_checkable
class Menu(Protocol):
    """``menu.py``. ``FOOTER_LINKS``, ``CONSOLE_LINKS`` and ``ADMIN_CONSOLE_LINKS`` (optional)
    as LINKS, for the footer and the console's home. ``pages()`` (optional) yields objects with
    ``title`` and ``get_absolute_url()`` shown first in the menu: the district's own standing
    pages (the pages app). ``FEEDS`` (optional): ``(title, format, MIME type, url name)`` of
    each feed, the title naming the district as ``%(name)s``."""

    LINKS: list[tuple[int, str, str]]


@runtime_checkable
class Searchable(Protocol):
    """``searchable.py``: ``INDEX``, a list of district_site.search.index.Searchable."""

    INDEX: list


@runtime_checkable
class Media(Protocol):
    """``media.py``: ``FILES``, a list of district_site.core.media_access.Files."""

    FILES: list


def home_sections(request):
    """[(template name, context)] of the apps' home page sections, in their ORDER."""
    return _sections("home", request)


def _sections(name, request):
    sections = []
    for module in modules(name):
        context = module.section(request)
        if context is not None:
            label = apps.get_containing_app_config(module.__name__).label
            order = getattr(module, "ORDER", 50)
            sections.append((order, f"{label}/includes/{name}_section.html", context))
    sections.sort(key=lambda section: section[0])
    return [(template, context) for _order, template, context in sections]


def home_context(request):
    """The variables the apps give core/home.html's own places (see Home)."""
    context = {}
    for module in modules("home"):
        if hasattr(module, "context"):
            context.update(module.context(request))
    return context


def menu_links(kind="LINKS"):
    """[(label, url name)] of the apps' main menu entries (or, with kind="FOOTER_LINKS", their
    footer links), in their order."""
    links = [link for module in modules("menu") for link in getattr(module, kind, [])]
    return [(label, url_name) for _order, label, url_name in sorted(links, key=lambda x: x[0])]


def feeds(district):
    """[(title, format, MIME type, url name)] of the apps' feeds, titled for ``district``."""
    return [
        (title % {"name": district.name}, kind, mime, url_name)
        for module in modules("menu")
        for title, kind, mime, url_name in getattr(module, "FEEDS", [])
    ]


def menu_pages():
    """The pages shown first in the main menu (see Menu)."""
    return [
        page for module in modules("menu") if hasattr(module, "pages") for page in module.pages()
    ]


# --------------------------------------------------------------------------------------------
# Console home, sitemap, demo seeding, snapshot figures (engineer "contrib"; URLs: own section)
# --------------------------------------------------------------------------------------------


@runtime_checkable
class Dashboard(Protocol):
    """``dashboard.py``: ``section(request)`` returns the context of the app's
    ``<app label>/includes/dashboard_section.html`` on the console's home (below the list of
    what needs doing), or None to show nothing; ``ORDER`` (optional, default 50) places it.
    The template sees the console's context too (``can_publish``, ``is_district_admin``)."""

    def section(self, request) -> dict[str, Any] | None: ...


@runtime_checkable
class Sitemap(Protocol):
    """``sitemap.py``: ``paths()`` yields the paths (``reverse``, ``get_absolute_url``) of the
    app's pages citizens can read now, in the active language; sitemap.xml asks once per
    language. Only published content: a draft's address must not reach a search engine."""

    def paths(self) -> Iterator[str]: ...


@runtime_checkable
class Demo(Protocol):
    """``demo.py``: ``seed(district)`` gives the demo district the app's demo content through the
    app's actions, in the district's schema, and creates only what is missing: running it
    again changes nothing. Apps seed in INSTALLED_APPS order (projects after budget, whose
    lines its projects name)."""

    def seed(self, district) -> None: ...


@runtime_checkable
class Snapshot(Protocol):
    """``snapshot.py``: ``FIGURES`` maps each figure's key (unique across apps; the scorecard's
    column of that name shows it) to its kind: int, float, date or datetime; ``figures()``
    returns {key: value or None} for exactly those keys, counted in the current district's
    schema. The platform stores them in tenants.DistrictSnapshot.figures, so an app adds a
    figure without a tenants migration."""

    FIGURES: dict[str, type]

    def figures(self) -> dict[str, Any]: ...


SITEMAP_LANGUAGES = ("km", "en")
FIGURE_KINDS = (int, float, date, datetime)


def dashboard_sections(request):
    """[(template name, context)] of the apps' console home sections, in their ORDER."""
    return _sections("dashboard", request)


def sitemap_paths():
    """Every path the apps' ``sitemap.py`` name, in each language."""
    for language in SITEMAP_LANGUAGES:
        with override(language):
            for module in modules("sitemap"):
                yield from module.paths()


def seed_demo(district):
    """Every app's demo content for ``district``, in INSTALLED_APPS order."""
    for module in modules("demo"):
        module.seed(district)


def snapshot_kinds():
    """{key: kind} of every figure the apps declare."""
    kinds = {}
    for module in modules("snapshot"):
        for key, kind in module.FIGURES.items():
            if key in kinds:
                raise ValueError(f"{module.__name__} declares figure {key!r} a second time")
            if kind not in FIGURE_KINDS:
                raise ValueError(
                    f"{module.__name__}: {key!r} is a {kind}, not one of {FIGURE_KINDS}"
                )
            kinds[key] = kind
    return kinds


def snapshot_figures():
    """{key: value} of every app's figures in the current district's schema."""
    figures = {}
    for module in modules("snapshot"):
        counted = module.figures()
        if set(counted) != set(module.FIGURES):
            raise ValueError(
                f"{module.__name__}.figures() returns {sorted(counted)}, "
                f"FIGURES declares {sorted(module.FIGURES)}"
            )
        figures.update(counted)
    return figures


# URLs ------------------------------------------------------------------------------------------


@runtime_checkable
class URLs(Protocol):
    """An app's ``urls.py``, ``urls_manage.py`` or ``urls_unprefixed.py``. It may also set
    ``app_name`` (the namespace its URL names are reversed in; NAMESPACES by default) and
    ``PREFIX`` (where it is mounted; ``"<app label>/"`` by default)."""

    urlpatterns: list


# The namespace of an app's URL module that sets no ``app_name``: every app's would name its
# label again ("news", "news_manage"), so the label gives it. Language-free files have none.
NAMESPACES = {"urls": "{label}", "urls_manage": "{label}_manage", "urls_unprefixed": None}


def url_includes(name):
    """``path(PREFIX, include(...))`` for each app's ``name`` module (``"urls"``,
    ``"urls_manage"`` or ``"urls_unprefixed"``) in its namespace, in INSTALLED_APPS order."""
    mounted = []
    for module in modules(name):
        label = apps.get_containing_app_config(module.__name__).label
        default = NAMESPACES[name] and NAMESPACES[name].format(label=label)
        namespace = getattr(module, "app_name", default)
        patterns = include((module.urlpatterns, namespace))
        mounted.append(path(getattr(module, "PREFIX", f"{label}/"), patterns))
    return mounted

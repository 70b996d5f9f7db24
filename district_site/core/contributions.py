"""How an app adds to screens it does not own, without those screens naming it.

Any app of TENANT_APPS under ``district_site`` may have these modules:

- ``home.py``: ``section(request)`` returns the context for the app's
  ``<app label>/includes/home_section.html`` on the citizen home page, or None to show nothing;
  ``ORDER`` (an int, default 50) places it among the others.
- ``todo.py``: ``items(request)`` yields ``district_site.manage.worklist.Todo`` for the console's
  "what needs doing" list.
- ``schedule.py``: ``next_change()`` returns when the app's next scheduled content appears
  to citizens (an aware datetime) or None; citizens' cached pages expire by then.
- ``snapshot.py``: ``figures()`` returns DistrictSnapshot fields (tenants.models) counted in
  the current district's schema, for the platform's directory and scorecard.
- ``menu.py``: ``LINKS``, a list of ``(order, label, url name)``, adds the app's citizen pages
  to every page's main menu (after the district's own pages, by order); ``FOOTER_LINKS``, the
  same, to every page's footer, for pages most citizens need less often (the menu fits a phone).
- ``searchable.py``: see district_site.search.index.
"""

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@cache
def modules(name):
    """The ``name`` modules of the district apps that have one, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("district_site."):
            continue
        if find_spec(f"{config.name}.{name}") is not None:
            found.append(import_module(f"{config.name}.{name}"))
    return tuple(found)


def home_sections(request):
    """[(template name, context)] of the apps' home page sections, in their ORDER."""
    sections = []
    for module in modules("home"):
        context = module.section(request)
        if context is not None:
            label = apps.get_containing_app_config(module.__name__).label
            order = getattr(module, "ORDER", 50)
            sections.append((order, f"{label}/includes/home_section.html", context))
    sections.sort(key=lambda section: section[0])
    return [(template, context) for _order, template, context in sections]


def menu_links(kind="LINKS"):
    """[(label, url name)] of the apps' main menu entries (or, with kind="FOOTER_LINKS", their
    footer links), in their order."""
    links = [link for module in modules("menu") for link in getattr(module, kind, [])]
    return [(label, url_name) for _order, label, url_name in sorted(links, key=lambda x: x[0])]


def snapshot_figures():
    figures = {}
    for module in modules("snapshot"):
        figures.update(module.figures())
    return figures

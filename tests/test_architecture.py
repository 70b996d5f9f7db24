"""The layers hold: the import graph of the project's own code, read with ast (imports inside
functions count: they run all the same), has no circle and no upward edge.

The layers (docs/architecture.md): tenants at the bottom, then district_site (its base packages
core, manage, revisions and search below the apps), then platform_site. A lower layer never
imports a higher one, and the base never imports an app: apps reach shared screens only through
the contribution modules of district_site/core/contributions.py.
"""

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("tenants", "district_site", "platform_site")
# The base every app builds on: content is the kit (abstract models, the photo task, console
# screens), core the shared pages and contribution points; neither may import an app.
BASE = ("content", "core", "manage", "revisions", "search")

# Circles engineer "kitmodels" removes on another branch (actions.py <-> tasks.py of five apps).
# The test still reports them; THE INTEGRATOR EMPTIES THIS SET after merging that branch.
KNOWN_CIRCLES: set[frozenset[str]] = set()


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def project_modules():
    """{module name: path} of the project's own code, without migrations (Django loads those
    by name, and they only reach other migrations)."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found[_module_name(path)] = path
    return found


def _longest_module(name, modules):
    """``name`` itself if it is a project module, else the longest enclosing one (or None)."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    return None


def _imported(module, is_package, node, modules):
    """The project modules an import node brings in: ``from a import b`` is module ``a.b`` if
    there is one, else ``a`` (b is a name inside it)."""
    if isinstance(node, ast.Import):
        return {_longest_module(alias.name, modules) for alias in node.names}
    if node.level:
        # In a package's __init__, one level up is the package itself.
        base = module.split(".")
        base = base[: len(base) - node.level + (1 if is_package else 0)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module
    return {
        name if name in modules else _longest_module(prefix, modules)
        for name in (f"{prefix}.{alias.name}" for alias in node.names)
    }


@cache
def import_graph():
    """{project module: set of project modules it imports}."""
    modules = project_modules()
    graph = {}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                edges |= _imported(module, is_package, node, modules)
        edges -= {None, module}
        graph[module] = edges
    return graph


def circles(graph):
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for successor in graph.get(node, ()):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _layer(module):
    """(top-level package, district_site part or None)."""
    parts = module.split(".")
    return parts[0], (parts[1] if parts[0] == "district_site" and len(parts) > 1 else None)


def upward_edge(importer, imported):
    """Why importing ``imported`` from ``importer`` goes up a layer, or None if it does not."""
    top, part = _layer(importer)
    target_top, target_part = _layer(imported)
    if top == "tenants" and target_top != "tenants":
        return "tenants imports a site"
    if top == "district_site" and target_top == "platform_site":
        return "district_site imports platform_site"
    if (
        top == "district_site"
        and part in BASE
        and target_top == "district_site"
        and target_part is not None
        and target_part not in BASE
    ):
        return f"the base ({part}) imports an app ({target_part})"
    return None


def test_the_graph_sees_imports_at_module_level_inside_functions_and_relative():
    """The reader itself: a test of the layers is only as good as the edges it sees."""
    graph = import_graph()
    # Module level, absolute: core/tasks.py imports tenants.actions.
    assert "tenants.actions" in graph["district_site.core.tasks"]
    # Inside a function: core/apps.py's ready() imports tenants.signals.
    assert "tenants.signals" in graph["district_site.core.apps"]
    # Relative, ``from . import name`` of a module: core/views.py's ``from . import contributions``.
    assert "district_site.core.contributions" in graph["district_site.core.views"]


def test_circles_are_found_in_a_small_graph():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [frozenset({"a", "b", "c"})]


def test_no_module_of_district_site_or_tenants_imports_itself_in_a_circle():
    graph = import_graph()
    found = [
        circle
        for circle in circles(graph)
        if any(m.startswith(("district_site", "tenants")) for m in circle)
    ]
    unexpected = [sorted(circle) for circle in found if circle not in KNOWN_CIRCLES]
    assert not unexpected, f"import circles: {unexpected}"


def test_known_circles_are_still_circles():
    """Once a known circle is gone, the set must lose it, or it would hide its return."""
    found = set(circles(import_graph()))
    stale = [sorted(circle) for circle in KNOWN_CIRCLES if circle not in found]
    assert not stale, f"no longer circles, remove from KNOWN_CIRCLES: {stale}"


def test_no_layer_imports_one_above_it():
    graph = import_graph()
    upward = sorted(
        f"{importer} -> {imported}: {reason}"
        for importer, imported_set in graph.items()
        for imported in imported_set
        if (reason := upward_edge(importer, imported))
    )
    assert not upward, "\n".join(upward)


def test_core_never_imports_the_console():
    """manage (the officer console) is built on core (contributions, the district profile); core
    asking manage back would make the two one package in all but name."""
    graph = import_graph()
    upward = sorted(
        f"{importer} -> {imported}"
        for importer, imported_set in graph.items()
        if importer.startswith("district_site.core.")
        for imported in imported_set
        if imported.startswith("district_site.manage")
    )
    assert not upward, "\n".join(upward)


def test_an_upward_import_is_recognised():
    assert upward_edge("tenants.support", "district_site.manage.urls")
    assert upward_edge("district_site.news.views", "platform_site.console.views")
    assert upward_edge("district_site.core.sharing", "district_site.news.models")
    assert upward_edge("district_site.manage.views", "district_site.pages.actions")
    assert not upward_edge("district_site.news.views", "district_site.core.page_cache")
    assert not upward_edge("district_site.manage.worklist", "district_site.core.contributions")
    assert not upward_edge("platform_site.console.scorecard", "tenants.models")


def test_tenants_names_no_url_of_a_site():
    """tenants links to a site's pages by purpose (tenants/links.py), never by URL name: the
    site registers where each purpose lives."""
    named = [
        f"{path.relative_to(ROOT)}: {quoted}"
        for module, path in project_modules().items()
        if module.startswith("tenants")
        for quoted in re.findall(
            r"[\"'](?:manage|console|[a-z]+_manage):[a-z_]+[\"']", path.read_text()
        )
    ]
    assert not named, named


def test_revisions_records_changes_without_knowing_the_console():
    """manage (the console) shows revisions; revisions never imports manage, so the two are not
    tied both ways (the audit log and "restore" are manage/views_revisions.py)."""
    graph = import_graph()
    back = sorted(
        f"{importer} -> {imported}"
        for importer, imported_set in graph.items()
        if importer.startswith("district_site.revisions")
        for imported in imported_set
        if imported.startswith("district_site.manage")
    )
    assert not back, back

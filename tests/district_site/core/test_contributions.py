"""Apps reach shared screens only through their contribution modules: every app's modules keep
their Protocol, and a module a test adds (as a new app would) reaches the screen without any
change outside it."""

import re
import time
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.core import contributions
from district_site.core.tasks import refresh_district_snapshot
from platform_site.console.scorecard import scorecard_rows
from tenants.models import District, DistrictSnapshot

PROTOCOLS = {
    "home": contributions.Home,
    "todo": contributions.Todo,
    "schedule": contributions.Schedule,
    "menu": contributions.Menu,
    "searchable": contributions.Searchable,
    "media": contributions.Media,
    "dashboard": contributions.Dashboard,
    "sitemap": contributions.Sitemap,
    "demo": contributions.Demo,
    "snapshot": contributions.Snapshot,
}


@pytest.mark.parametrize("name", list(PROTOCOLS))
def test_every_apps_contribution_module_keeps_its_protocol(name):
    found = contributions.modules(name)
    assert found, f"no app has a {name}.py"
    broken = [module.__name__ for module in found if not isinstance(module, PROTOCOLS[name])]
    assert not broken, f"{broken} lack what {PROTOCOLS[name].__name__} asks for"


def test_a_module_missing_a_function_breaks_the_protocol():
    assert not isinstance(SimpleNamespace(FIGURES={}), contributions.Snapshot)
    assert isinstance(SimpleNamespace(FIGURES={}, figures=dict), contributions.Snapshot)


def test_every_app_counts_exactly_the_figures_it_declares(district_a):
    kinds = contributions.snapshot_kinds()
    with tenant_context(district_a):
        figures = contributions.snapshot_figures()
    assert set(figures) == set(kinds)
    assert set(kinds.values()) <= set(contributions.FIGURE_KINDS)


def test_a_new_apps_figure_reaches_the_platform_without_a_tenants_migration(make_district):
    """Kept per district: a figure counted in one schema is never another district's."""
    first, second = make_district(), make_district()
    module = SimpleNamespace(__name__="tests.new_app.snapshot", FIGURES={"harvest_on": date})
    with contributions.contributed("snapshot", module):
        module.figures = lambda: {"harvest_on": date(2026, 11, 1)}
        with tenant_context(first):
            refresh_district_snapshot()
        module.figures = lambda: {"harvest_on": None}
        with tenant_context(second):
            refresh_district_snapshot()
        kinds = contributions.snapshot_kinds()

        assert DistrictSnapshot.objects.get(district=first).read(kinds)["harvest_on"] == date(
            2026, 11, 1
        )
        assert DistrictSnapshot.objects.get(district=second).read(kinds)["harvest_on"] is None
    assert "harvest_on" not in contributions.snapshot_kinds()


def test_figures_that_disagree_with_their_declaration_are_refused(district_a):
    module = SimpleNamespace(
        __name__="tests.new_app.snapshot", FIGURES={"a": int}, figures=lambda: {"b": 1}
    )
    with contributions.contributed("snapshot", module), tenant_context(district_a):
        with pytest.raises(ValueError, match="declares"):
            contributions.snapshot_figures()


def test_stored_figures_come_back_as_the_kinds_declared(district_a):
    with tenant_context(district_a):
        refresh_district_snapshot()
    snapshot = DistrictSnapshot.objects.get(district=district_a)
    figures = snapshot.read(contributions.snapshot_kinds())
    assert isinstance(figures["pages_published"], int)
    assert isinstance(figures["content_updated_at"], datetime)
    assert timezone.is_aware(figures["content_updated_at"])


def test_a_new_apps_sitemap_paths_appear_in_both_languages(host_client, make_district):
    district = make_district()
    module = SimpleNamespace(__name__="tests.new_app.sitemap", paths=lambda: iter(["/harvest/"]))
    with contributions.contributed("sitemap", module):
        body = host_client(district.primary_domain).get("/sitemap.xml").content.decode()
    # One entry per language, as every app's: paths() is asked once in each.
    assert body.count(f"<loc>http://{district.primary_domain}:8000/harvest/</loc>") == 2
    assert f"<loc>http://{district.primary_domain}:8000/</loc>" in body


def test_a_new_apps_console_links_and_feed_reach_the_console_and_every_pages_head(
    officer, host_client, make_district
):
    """The console's home and the citizen pages' head name no app's URL: a new app's entries
    come from its menu.py, in their order, the administrator's for the administrator only."""
    district = make_district()
    admin, editor = officer(district, "district_admin"), officer(district, "editor")
    module = SimpleNamespace(
        __name__="tests.new_app.menu",
        LINKS=[],
        CONSOLE_LINKS=[(35, "Harvests", "manage:manual")],
        ADMIN_CONSOLE_LINKS=[(5, "Harvest settings", "manage:two_step")],
        FEEDS=[("Harvests of %(name)s district", "JSON", "application/feed+json", "home")],
    )
    with contributions.contributed("menu", module):
        for_admin = admin.get("/manage/").content.decode()
        for_editor = editor.get("/manage/").content.decode()
        page = host_client(district.primary_domain).get("/en/news/").content.decode()

    links = re.findall(r'<a href="([^"]+)">', for_admin.split('class="console-links"')[1])
    # Between feedback (30) and projects (40); the administrator's after the officers' list.
    assert links[2:5] == ["/manage/feedback/", "/manage/manual/", "/manage/projects/"]
    assert links.index("/manage/two-step/") == links.index("/manage/officers/") + 1
    assert 'href="/manage/manual/">Harvests' in for_editor and "Harvest settings" not in for_editor
    assert (
        f'<link rel="alternate" type="application/feed+json" '
        f'title="Harvests of {district.name_en} district (JSON)" href="/en/">'
    ) in page
    assert 'type="application/rss+xml" title="News of' in page


def test_apps_seed_the_demo_in_installed_apps_order_and_a_new_app_last():
    module = SimpleNamespace(__name__="tests.new_app.demo", seed=lambda district: None)
    with contributions.contributed("demo", module):
        names = [found.__name__ for found in contributions.modules("demo")]
    # Projects name budget lines: the budget's demo must be there first.
    assert names.index("district_site.budget.demo") < names.index("district_site.projects.demo")
    assert names[-1] == "tests.new_app.demo"
    assert "tests.new_app.demo" not in [found.__name__ for found in contributions.modules("demo")]


def test_the_scorecard_reads_every_district_in_one_query_and_sorts_by_a_figure(make_district):
    """The province has some 200 districts (and the platform aims at 2,000): the scorecard must
    not visit them one by one."""
    districts = [make_district() for _ in range(3)]
    for count, district in enumerate(districts):
        DistrictSnapshot.objects.update_or_create(
            district=district, defaults={"figures": {"news_published": 10 + count}}
        )
    with CaptureQueriesContext(connection) as queries:
        rows = scorecard_rows(sort="-news_published")
    # Districts (with their snapshot) and their domains: no query per district.
    assert len(queries) == 2, [q["sql"] for q in queries]
    counted = [row["news_published"] for row in rows if row["news_published"] is not None]
    assert counted == sorted(counted, reverse=True)
    ours = [row["code"] for row in rows if row["code"] in {d.code for d in districts}]
    assert ours == [d.code for d in reversed(districts)]
    assert District.objects.count() == len(rows)


class _RolledBack(Exception):
    pass


def test_the_scorecard_of_two_thousand_districts_is_two_queries_and_sorts_by_a_figure():
    """2,000 districts' rows (no schemas: only the platform's tables are read), each with the
    figures the apps record, sorted by a date figure; all rolled back after. The time is
    printed, not asserted: on a shared machine it says more about the neighbours."""
    kinds = contributions.snapshot_kinds()
    measured = {}
    try:
        with transaction.atomic():
            made = District.objects.bulk_create(
                District(
                    code=f"Z{n:03d}" if n < 1000 else f"Y{n - 1000:03d}",
                    slug=f"bench-{n}",
                    schema_name=f"bench_{n}",
                    name_km="ស្រុក",
                    name_en=f"Bench {n}",
                    province_code="99",
                    province_name_km="ខេត្ត",
                    province_name_en="Bench",
                )
                for n in range(2000)
            )
            figures = {key: None for key in kinds}
            DistrictSnapshot.objects.bulk_create(
                DistrictSnapshot(
                    district=district,
                    figures={
                        **figures,
                        "news_published": n % 17,
                        "news_latest_at": f"2026-{1 + n % 12:02d}-01T08:00:00Z",
                        "forum_next_on": f"2027-01-{1 + n % 28:02d}",
                    },
                )
                for n, district in enumerate(made)
            )
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                rows = scorecard_rows(sort="-news_latest_at")
                measured["seconds"] = time.perf_counter() - started
            measured["queries"] = len(queries)
            latest = [row["news_latest_at"] for row in rows if row["news_latest_at"]]
            raise _RolledBack
    except _RolledBack:
        pass
    print(f"scorecard of {len(rows)} districts: {measured}")
    assert measured["queries"] == 2
    assert len(latest) >= 2000 and latest == sorted(latest, reverse=True)

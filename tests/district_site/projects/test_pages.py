"""Citizens find projects by commune, sector, status and year without script, read a
project's timeline, and see the projects on a map drawn on the server; one district's
projects never show on another's host."""

import re
from datetime import date
from decimal import Decimal

from django_tenants.utils import tenant_context

from district_site.core import contributions
from district_site.projects.models import Project

from .conftest import communes, make_project


def _names(response):
    return re.findall(
        r'<h2><a href="/(?:en/)?projects/[^/]+/">([^<]+)</a></h2>', response.content.decode()
    )


def test_the_list_filters_by_commune_sector_status_and_year(host_client, make_district):
    district = make_district()
    first, second = communes(district)[0][0], communes(district)[1][0]
    make_project(district, code="A", name_en="Road A", commune_code=first, sector="04")
    make_project(district, code="B", name_en="Well B", commune_code=second, sector="06")
    make_project(
        district,
        code="C",
        name_en="School C",
        commune_code=first,
        sector="09",
        status=Project.Status.COMPLETED,
        start_date=date(2025, 3, 1),
        actual_end_date=date(2025, 9, 1),
    )
    make_project(district, code="D", name_en="Draft D", published=False)
    citizen = host_client(district.primary_domain)

    assert sorted(_names(citizen.get("/en/projects/"))) == ["Road A", "School C", "Well B"]
    assert sorted(_names(citizen.get(f"/en/projects/?commune={first}"))) == ["Road A", "School C"]
    assert _names(citizen.get("/en/projects/?sector=06")) == ["Well B"]
    assert _names(citizen.get("/en/projects/?status=completed")) == ["School C"]
    assert _names(citizen.get("/en/projects/?year=2025")) == ["School C"]
    assert _names(citizen.get(f"/en/projects/?commune={first}&status=under_way")) == ["Road A"]
    # An unknown value (an old or edited link) is ignored rather than failing.
    assert len(_names(citizen.get("/en/projects/?commune=999999&status=nonsense"))) == 3
    page = citizen.get("/en/projects/?sector=06").content.decode()
    assert '<option value="06" selected>' in page
    assert citizen.get("/en/projects/D/").status_code == 404


def test_a_project_page_shows_its_timeline_in_date_order(host_client, make_district):
    district = make_district()
    make_project(
        district,
        code="RD-7",
        name_km="ផ្លូវ",
        name_en="Road",
        planned_end_date=date(2026, 8, 1),
        updates=[
            (date(2026, 2, 1), 20),
            (date(2026, 5, 1), 65),
            (date(2026, 4, 1), 50, "ភ្លៀងធ្លាក់ខ្លាំង"),
        ],
    )

    page = host_client(district.primary_domain).get("/en/projects/RD-7/").content.decode()

    timeline = page[page.index('class="timeline"') :]
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', timeline)
    assert dates == ["2026-01-10", "2026-02-01", "2026-04-01", "2026-05-01", "2026-08-01"]
    assert "ភ្លៀងធ្លាក់ខ្លាំង" in timeline
    assert 'value="65"' in page  # the progress bar shows the latest report


def test_the_map_has_one_point_per_project_with_coordinates_and_a_list_beside_it(
    host_client, make_district
):
    district = make_district()
    make_project(
        district, code="P1", name_en="One", latitude=Decimal("13.60"), longitude=Decimal("102.95")
    )
    make_project(
        district, code="P2", name_en="Two", latitude=Decimal("13.62"), longitude=Decimal("102.90")
    )
    make_project(district, code="P3", name_en="Nowhere")
    make_project(
        district,
        code="P4",
        name_en="Draft",
        published=False,
        latitude=Decimal("13.6"),
        longitude=Decimal("102.9"),
    )

    page = host_client(district.primary_domain).get("/en/projects/map/").content.decode()

    svg = page[page.index("<svg") : page.index("</svg>")]
    assert sorted(re.findall(r'data-code="([^"]+)"', svg)) == ["P1", "P2"]
    assert 'aria-labelledby="map-title"' in svg and "not the district's border" in svg
    listing = page[page.index('class="map-list"') :]
    assert "One" in listing and "Two" in listing
    assert "https://www.openstreetmap.org/?mlat=13.600000&amp;mlon=102.950000" in listing
    assert "Nowhere" in page[page.index("unplaced-title") :]
    assert "Draft" not in page


def test_district_bs_host_never_shows_district_as_projects(host_client, make_district):
    district_a, district_b = make_district(), make_district()
    make_project(
        district_a,
        code="ONLY-A",
        name_en="Secret road of A",
        latitude=Decimal("13.6"),
        longitude=Decimal("102.9"),
    )
    on_b = host_client(district_b.primary_domain)

    assert on_b.get("/en/projects/ONLY-A/").status_code == 404
    for path in (
        "/en/projects/",
        "/en/projects/map/",
        "/en/",
        "/sitemap.xml",
        "/en/search/?q=Secret",
    ):
        assert "Secret road of A" not in on_b.get(path).content.decode()
        assert "ONLY-A" not in on_b.get(path).content.decode()
    on_a = host_client(district_a.primary_domain)
    assert "Secret road of A" in on_a.get("/en/projects/").content.decode()
    assert "/en/projects/ONLY-A/" in on_a.get("/sitemap.xml").content.decode()
    assert "Secret road of A" in on_a.get("/en/search/?q=Secret").content.decode()


def test_the_home_page_shows_projects_under_way_and_the_snapshot_counts_them(
    host_client, make_district
):
    district = make_district()
    make_project(district, code="NOW", name_en="Bridge under way", updates=[(date.today(), 40)])
    make_project(district, code="OLD", name_en="Stale well", updates=[(date(2025, 1, 5), 10)])
    make_project(district, code="DRAFT", name_en="Unpublished", published=False)

    page = host_client(district.primary_domain).get("/en/").content.decode()

    assert "Bridge under way" in page and "Unpublished" not in page
    with tenant_context(district):
        figures = contributions.snapshot_figures()
    assert (figures["projects_published"], figures["projects_stale"]) == (2, 1)

"""Every published item is in the search index whatever created it (the demo's seeding, an
Excel import, an officer in the console, a restored backup), and the index holds nothing else:
``index.differences()`` compares the index with the tables of every searchable app."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.utils import tenant_context

from district_site.projects.models import Project
from district_site.search import index
from district_site.search.models import SearchDocument
from tenants import backups

from ..demo_district import seed_demo
from ..projects.conftest import FORM, make_project


@pytest.fixture(scope="module")
def demo_district(make_district, django_db_blocker):
    district = make_district()
    with django_db_blocker.unblock():
        seed_demo(district)
    return district


def _found(client, query, english=False):
    body = client.get("/en/search/" if english else "/search/", {"q": query}).content.decode()
    return body


def _projects_found(query):
    """The projects a Khmer search finds. Other pages may match too: a district's About page
    names its villages, and villages are called "well" (អណ្ដូង) or "new bridge" (ស្ពានថ្មី)."""
    return [
        result.url for result in index.search(query, "km") if result.url.startswith("/projects/")
    ]


def test_the_seeded_demo_is_indexed_exactly_as_its_tables_say(demo_district):
    with tenant_context(demo_district):
        published = Project.objects.filter(is_published=True).count()
        indexed = SearchDocument.objects.filter(kind="project", language="km").count()
        kinds = set(SearchDocument.objects.values_list("kind", flat=True))

        assert index.differences() == []
    assert published == indexed == 12
    # Every kind of content the demo publishes is found.
    assert kinds >= {"page", "budget", "news", "service", "project", "document", "forum"}
    assert "council" in kinds


def test_demo_projects_are_found_in_khmer_and_english_however_spelled(demo_district, host_client):
    client = host_client(demo_district.primary_domain)
    with tenant_context(demo_district):
        wells = [p.code for p in Project.objects.filter(name_en__contains="pump wells")]

    for spelling in ("អណ្ដូងស្នប់", "អណ្តូងស្នប់", "អណ្តូង\u200bស្នប់"):
        body = _found(client, spelling)
        assert all(f"/projects/{code}/" in body for code in wells), spelling
    assert "/en/projects/RD-01/" in _found(client, "road", english=True)
    assert "/en/projects/CV-02/" in _found(client, "culvert", english=True)
    assert all(f"/en/projects/{code}/" in _found(client, "wells", english=True) for code in wells)


def test_a_project_is_found_by_its_villages_name(demo_district, host_client):
    with tenant_context(demo_district):
        project = Project.objects.exclude(village_code="").first()
        from tenants.gazetteer.models import AdministrativeUnit

        village = AdministrativeUnit.objects.get(code=project.village_code)

    body = _found(host_client(demo_district.primary_domain), village.name_km)
    english = _found(host_client(demo_district.primary_domain), village.name_latin, english=True)

    assert f"/projects/{project.code}/" in body
    assert f"/en/projects/{project.code}/" in english


def test_projects_made_and_changed_in_the_console_are_indexed(officer, make_district):
    district = make_district()
    editor, publisher = officer(district, "editor"), officer(district, "publisher")
    with tenant_context(district):
        commune = connection.tenant.code  # the district's own units, as the form offers them
        from tenants.gazetteer.models import AdministrativeUnit

        village = AdministrativeUnit.objects.filter(
            level="village", code__startswith=commune
        ).first()
    form = {**FORM, "commune_code": village.parent_id, "village_code": village.code}

    editor.post("/manage/projects/new/", form)
    with tenant_context(district):
        project = Project.objects.get(code=FORM["code"])
        assert index.differences() == []
        assert not SearchDocument.objects.filter(kind="project").exists()  # a draft
    publisher.post(f"/manage/projects/{project.pk}/publish/")
    editor.post(
        f"/manage/projects/{project.pk}/progress/",
        {"date": "2026-03-01", "percent": "30", "note_km": ""},
    )
    publisher.post(f"/manage/projects/{project.pk}/", {**form, "name_km": "ផ្លូវបេតុងថ្មី"})

    with tenant_context(district):
        assert index.differences() == []
        assert _projects_found("ផ្លូវបេតុងថ្មី")
        assert list(index.search(village.name_km, "km"))
    publisher.post(f"/manage/projects/{project.pk}/withdraw/")
    with tenant_context(district):
        assert index.differences() == []
        assert not _projects_found("ផ្លូវបេតុងថ្មី")


def test_a_project_saved_through_a_copy_loaded_before_its_publication_stays_indexed(
    make_district,
):
    """The demo's path that left 10 of 12 projects out: published through one copy, then
    progress saved (update_fields) through the older copy that still said "draft"."""
    from datetime import date

    district = make_district()
    make_project(district, code="WL-1", name_km="អណ្តូងស្នប់", updates=[(date(2026, 2, 1), 40)])

    with tenant_context(district):
        assert _projects_found("អណ្ដូង") == ["/projects/WL-1/"]
        assert index.differences() == []


def test_the_command_finds_drift_and_rebuilds_one_district_without_touching_another(
    make_district,
):
    district, other = make_district(), make_district()
    make_project(district, code="RD-1", name_km="ផ្លូវក្រួសក្រហម")
    make_project(other, code="RD-1", name_km="ផ្លូវក្រួសក្រហម")
    # A write that bypasses save(): the index does not hear of it.
    with tenant_context(district):
        Project.objects.update(name_km="ស្ពានថ្មី")
    with tenant_context(other):
        other_rows = list(SearchDocument.objects.values_list("pk", "updated_at"))

    with pytest.raises(CommandError):
        call_command("rebuild_search_index", district.code, "--check", stdout=StringIO())
    out = StringIO()
    call_command("rebuild_search_index", district.code, stdout=out)
    call_command("rebuild_search_index", district.code, "--check", stdout=StringIO())

    assert f"{district.code}" in out.getvalue() and other.code not in out.getvalue()
    with tenant_context(district):
        assert _projects_found("ស្ពានថ្មី") == ["/projects/RD-1/"]
    with tenant_context(other):
        assert list(SearchDocument.objects.values_list("pk", "updated_at")) == other_rows
        assert not _projects_found("ស្ពានថ្មី")


def test_a_restored_backup_is_indexed_even_if_its_index_was_not(make_district, settings, tmp_path):
    settings.BACKUP_BUCKET = ""
    settings.BACKUP_DIR = tmp_path / "backups"
    district = make_district()
    make_project(district, code="CV-1", name_km="លូឆ្លងកាត់ផ្លូវ")
    # A backup made while the index missed the project (as the demo's did before this fix).
    with tenant_context(district):
        SearchDocument.objects.filter(kind="project").delete()
    backups.backup_district(district)

    backups.restore_district(district.code, backup="latest")

    with tenant_context(district):
        assert index.differences() == []
        assert _projects_found("លូឆ្លងកាត់") == ["/projects/CV-1/"]


def test_nothing_found_is_a_sentence_not_the_first_item_of_a_list(host_client, make_district):
    district = make_district()

    body = host_client(district.primary_domain).get("/en/search/", {"q": "zzyzx"})

    html = body.content.decode()
    assert "Nothing found" in html
    assert '<ol class="results">' not in html

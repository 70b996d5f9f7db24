"""Officers keep projects in the console: through revisions, only in their own district's
communes, with a clear message for each wrong field and nothing half-saved."""

import re
from datetime import date, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.html import escape
from django_tenants.utils import tenant_context

from district_site.projects.models import ProgressUpdate, Project, ProjectDocument
from district_site.revisions import actions as revisions

from ..conftest import says
from .conftest import FORM, communes, make_project


def _projects(district):
    with tenant_context(district):
        return list(Project.objects.all())


def _form(district, **changes):
    return {**FORM, "commune_code": communes(district)[0][0], **changes}


def test_an_editor_creates_a_draft_a_publisher_publishes_and_every_change_is_a_revision(
    officer, host_client, make_district
):
    district = make_district()
    editor = officer(district, "editor")

    response = editor.post("/manage/projects/new/", _form(district), follow=True)

    assert says(response, "Saved as a draft. Citizens will see it once a publisher publishes it.")
    [project] = _projects(district)
    assert (project.code, project.contract_amount, project.is_published) == (
        "RD-2026-01",
        205_000_000,
        False,
    )
    citizen = host_client(district.primary_domain)
    assert citizen.get("/projects/RD-2026-01/").status_code == 404
    assert editor.post(f"/manage/projects/{project.pk}/publish/").status_code == 403

    publisher = officer(district, "publisher")
    publisher.post(f"/manage/projects/{project.pk}/publish/")
    publisher.post(f"/manage/projects/{project.pk}/", _form(district, contractor="ក្រុមហ៊ុន ថ្មី"))

    page = citizen.get("/projects/RD-2026-01/").content.decode()
    assert "ផ្លូវក្រួសក្រហម" in page and "ក្រុមហ៊ុន ថ្មី" in page
    with tenant_context(district):
        actions = [revision.action for revision in revisions.history(project)]
    assert sorted(actions) == ["created", "edited", "published"]


def test_an_editors_change_to_a_published_project_waits_for_a_publisher(
    officer, host_client, make_district
):
    district = make_district()
    project = make_project(district, contractor="ក្រុមហ៊ុន ចាស់")

    response = officer(district, "editor").post(
        f"/manage/projects/{project.pk}/",
        _form(district, code=project.code, contractor="ក្រុមហ៊ុន ថ្មី"),
        follow=True,
    )

    assert says(
        response,
        "Your changes are saved as a draft. A publisher or the district "
        "administrator must publish them before citizens see them.",
    )
    assert _projects(district)[0].contractor == "ក្រុមហ៊ុន ចាស់"


def test_the_commune_picker_offers_only_the_districts_own_communes(officer, make_district):
    district_a, district_b = make_district(), make_district()

    page = officer(district_a).get("/manage/projects/new/").content.decode()

    for code, _km, _latin in communes(district_a):
        assert f'value="{code}"' in page
    for code, _km, _latin in communes(district_b):
        assert f'value="{code}"' not in page


def test_a_forged_commune_of_another_district_is_refused_with_a_clear_message(
    officer, make_district
):
    district_a, district_b = make_district(), make_district()
    other = communes(district_b)[0][0]

    response = officer(district_a).post(
        "/manage/projects/new/", _form(district_a, commune_code=other)
    )

    assert response.status_code == 200
    assert says(response, "Choose a commune of this district from the list.")
    assert _projects(district_a) == []


def test_a_village_outside_the_chosen_commune_and_a_point_outside_cambodia_are_refused(
    officer, make_district
):
    from tenants.gazetteer.models import AdministrativeUnit

    district = make_district()
    first, second = communes(district)[0][0], communes(district)[1][0]
    village = AdministrativeUnit.objects.filter(parent_id=second).first().code

    response = officer(district).post(
        "/manage/projects/new/",
        _form(district, commune_code=first, village_code=village, latitude="51.5", longitude=""),
    )

    assert says(response, "This village is not in the commune chosen above.")
    assert says(
        response,
        "This latitude is outside Cambodia (between 9.9 and 14.8). Check that latitude and "
        "longitude are not swapped.",
    )
    assert says(response, "Give both latitude and longitude, or leave both empty.")
    assert _projects(district) == []


def test_a_budget_line_is_named_by_its_key_and_still_found_after_a_correction(
    officer, host_client, make_district
):
    from district_site.budget.demo import seed as seed_demo_budget
    from district_site.projects import budget_lines

    district = make_district()
    seed_demo_budget(district)
    with tenant_context(district):
        [road] = [
            line
            for line in budget_lines.published_lines()
            if line.year == 2025 and budget_lines.decode(line.key)[-1] == "ផ្លូវក្រួសក្រហម ១.២ គ.ម ឃុំសំរោង"
        ]
    publisher = officer(district, "publisher")

    publisher.post(
        "/manage/projects/new/",
        _form(district, budget_line=budget_lines.choice_value(road.year, road.key)),
    )

    [project] = _projects(district)
    assert project.budget_year == road.year and project.budget_line == budget_lines.decode(road.key)
    publisher.post(f"/manage/projects/{project.pk}/publish/")
    page = host_client(district.primary_domain).get("/projects/RD-2026-01/").content.decode()
    # 2025 was published twice (planned, then with execution): the page reads the latest.
    assert f"{road.executed:,}" in page and road.executed > 0


def test_progress_never_goes_down_without_a_note(officer, make_district):
    district = make_district()
    project = make_project(district, updates=[(date(2026, 3, 1), 60)])
    publisher = officer(district, "publisher")  # an editor's update would wait for review
    url = f"/manage/projects/{project.pk}/progress/"

    refused = publisher.post(url, {"date": "2026-04-01", "percent": "40", "note_km": ""})
    too_much = publisher.post(url, {"date": "2026-04-01", "percent": "140", "note_km": ""})
    publisher.post(url, {"date": "2026-04-01", "percent": "40", "note_km": "វាស់វែងឡើងវិញ"})

    with translation.override("km"):
        message = translation.gettext(
            "Progress goes down from %(before)s%% to %(now)s%%. Write in Khmer why, so "
            "citizens understand."
        ) % {"before": 60, "now": 40}
    assert refused.status_code == 200 and escape(message) in refused.content.decode()
    assert says(too_much, "Write the progress as a whole number from 0 to 100.")
    with tenant_context(district):
        assert list(ProgressUpdate.objects.values_list("percent", flat=True)) == [60, 40]
        project.refresh_from_db()
    assert (project.progress, project.progress_updated_on) == (40, date(2026, 4, 1))


def _pdf(extra=b""):
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + extra
    xref = len(body)
    return body + b"xref\n0 2\ntrailer\n<< /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def _stored_documents(district):
    with tenant_context(district):
        if not default_storage.exists("projects/documents"):
            return []
        return default_storage.listdir("projects/documents")[1]


def test_a_pdf_is_attached_and_served_only_on_its_districts_host(
    officer, host_client, make_district
):
    district_a, district_b = make_district(), make_district()
    project = make_project(district_a)

    officer(district_a).post(
        f"/manage/projects/{project.pk}/documents/",
        {"title_km": "កិច្ចសន្យា", "file": SimpleUploadedFile("contract.pdf", _pdf())},
    )

    with tenant_context(district_a):
        [document] = ProjectDocument.objects.all()
        url = document.file.url
    assert url.endswith(".pdf") and "contract" not in url
    assert host_client(district_a.primary_domain).get(url).status_code == 200
    assert host_client(district_b.primary_domain).get(url).status_code == 404
    page = host_client(district_a.primary_domain).get("/projects/P-1/").content.decode()
    assert "កិច្ចសន្យា" in page


def test_a_file_that_is_not_a_pdf_and_an_oversized_pdf_are_refused_with_nothing_stored(
    officer, make_district
):
    district = make_district()
    project = make_project(district)
    editor = officer(district)
    url = f"/manage/projects/{project.pk}/documents/"
    renamed = b"<html><body>%PDF-1.4 not really</body></html>"
    cut_off = _pdf()[:-40]
    huge = _pdf(b"0" * settings.SROK_PDF_MAX_BYTES)

    answers = [
        editor.post(url, {"title_km": "ឯកសារ", "file": SimpleUploadedFile("a.pdf", data)})
        for data in (renamed, cut_off, b"%PDF-1.4\n" + b"x" * 100)
    ]
    too_big = editor.post(url, {"title_km": "ឯកសារ", "file": SimpleUploadedFile("b.pdf", huge)})

    for answer in answers:
        assert says(
            answer,
            "This file is not a PDF we can use. Choose a PDF file, such as one saved from "
            "Word or made by a scanner.",
        )
    assert too_big.status_code == 200
    assert "20 MB" in too_big.content.decode() or "២០" in too_big.content.decode()
    with tenant_context(district):
        assert ProjectDocument.objects.count() == 0
    assert _stored_documents(district) == []


def test_officers_of_one_district_cannot_open_anothers_project_console(
    officer, host_client, make_district
):
    district_a, district_b = make_district(), make_district()
    project_b = make_project(district_b)
    a_officer = officer(district_a, "publisher")
    # A's logged-in session, replayed on B's host: B has no such session nor account.
    a_on_b = host_client(district_b.primary_domain)
    a_on_b.cookies["sessionid"] = a_officer.cookies["sessionid"].value

    for path in (
        "/manage/projects/",
        f"/manage/projects/{project_b.pk}/",
        f"/manage/projects/{project_b.pk}/progress/",
    ):
        response = a_on_b.get(path)
        assert response.status_code == 302 and "/manage/login/" in response["Location"]
    assert a_on_b.post(f"/manage/projects/{project_b.pk}/withdraw/").status_code == 302
    # On A's own host, B's project number is not A's project.
    assert a_officer.get(f"/manage/projects/{project_b.pk}/").status_code == 404
    with tenant_context(district_b):
        assert Project.objects.get().is_published


def test_a_project_under_way_without_news_for_120_days_is_on_the_console_todo(
    officer, make_district
):
    district = make_district()
    today = timezone.localdate()
    stale = make_project(
        district, code="OLD", name_km="ផ្លូវចាស់", updates=[(today - timedelta(days=121), 30)]
    )
    make_project(district, code="NEW", name_km="ផ្លូវថ្មី", updates=[(today, 30)])

    page = officer(district).get("/manage/").content.decode()

    assert f'href="/manage/projects/{stale.pk}/progress/"' in page
    assert "ផ្លូវចាស់" in page and "ផ្លូវថ្មី" not in page


def test_the_village_list_is_grouped_by_commune_and_narrowed_by_a_script(officer, make_district):
    """Without JavaScript, one group of villages per commune, named; with it, the page's small
    script (static/project-villages.js) offers only the chosen commune's villages, and the
    server refuses any other (the test above)."""
    district = make_district()
    editor = officer(district, "editor")

    page = editor.get("/manage/projects/new/").content.decode()

    select = page[
        page.index('id="id_village_code"') : page.index(
            "</select>", page.index('id="id_village_code"')
        )
    ]
    with tenant_context(district):
        from tenants.gazetteer.models import AdministrativeUnit

        named = [
            name
            for code, name, _latin in communes(district)
            if AdministrativeUnit.objects.filter(parent_id=code).exists()
        ]
    assert select.count("<optgroup") == len(named) >= 2
    assert all(f'label="{escape(name)}"' in select for name in named)
    assert re.search(r"/static/project-villages\.(\w+\.)?js", page)

"""A publisher withdraws a project (off every citizen's page, search, the sitemap and the open
data; kept in the console and its history) or deletes it after a confirmation (a revision says
who did; its photos and files go with it). Editors do neither."""

from datetime import date

from django_tenants.utils import tenant_context

from district_site.projects.models import Project, ProjectPhoto
from district_site.revisions.models import Revision

from ..conftest import phone_photo, says, upload
from .conftest import make_project


def _seen_by_citizens(client, project):
    """Where a citizen could meet the project: its page, the list, search, sitemap, open data."""
    return {
        "page": client.get(project.get_absolute_url()).status_code == 200,
        "list": project.name_km in client.get("/projects/").content.decode(),
        "search": project.code
        in client.get("/en/search/", {"q": project.name_en}).content.decode(),
        "sitemap": project.get_absolute_url() in client.get("/sitemap.xml").content.decode(),
        "open data": project.code in client.get("/open-data/projects.csv").content.decode(),
    }


def _actions(district, project):
    with tenant_context(district):
        return list(
            Revision.objects.filter(content_type__model="project", object_id=project.pk)
            .order_by("pk")
            .values_list("action", flat=True)
        )


def test_a_withdrawn_project_leaves_every_citizen_page_and_stays_in_the_console(
    make_district, officer, host_client
):
    district = make_district()
    project = make_project(district, code="RD-77", name_km="ផ្លូវថ្មី", name_en="Laterite road")
    citizen = host_client(district.primary_domain)
    assert all(_seen_by_citizens(citizen, project).values())
    publisher = officer(district, "publisher")

    publisher.post(f"/manage/projects/{project.pk}/withdraw/")

    assert not any(_seen_by_citizens(citizen, project).values())
    assert _actions(district, project)[-1] == "unpublished"
    assert says(publisher.get(project.get_manage_url()), "Draft: citizens cannot see it yet.")


def test_deleting_a_project_asks_first_then_removes_it_with_a_revision(
    make_district, officer, host_client, photo_worker
):
    district = make_district()
    project = make_project(district, code="RD-78", name_km="ស្ពាន", name_en="Bridge")
    publisher = officer(district, "publisher")
    report = {"date": "2026-03-01", "percent": "40", "note_km": "", "note_en": ""}
    publisher.post(
        f"/manage/projects/{project.pk}/progress/",
        {**report, "photo_during": upload(phone_photo())},
    )
    with tenant_context(district):
        assert ProjectPhoto.objects.filter(update__project_id=project.pk).exists()

    asked = publisher.get(f"/manage/projects/{project.pk}/delete/")
    assert asked.status_code == 200 and says(asked, "Delete for good")
    with tenant_context(district):
        assert Project.objects.filter(pk=project.pk).exists()

    done = publisher.post(f"/manage/projects/{project.pk}/delete/", follow=True)

    assert says(done, "Deleted: it is gone from the site. The audit log keeps a record of it.")
    with tenant_context(district):
        assert not Project.objects.filter(pk=project.pk).exists()
        assert not ProjectPhoto.objects.filter(update__project_id=project.pk).exists()
    assert _actions(district, project)[-1] == "deleted"
    assert not any(_seen_by_citizens(host_client(district.primary_domain), project).values())
    log = officer(district, "district_admin").get("/manage/revisions/")
    assert "ស្ពាន" in log.content.decode()


def test_editors_neither_withdraw_nor_delete_a_project(make_district, officer):
    district = make_district()
    project = make_project(district, code="RD-79", start_date=date(2026, 1, 1))
    editor = officer(district, "editor")

    assert editor.post(f"/manage/projects/{project.pk}/withdraw/").status_code == 403
    assert editor.get(f"/manage/projects/{project.pk}/delete/").status_code == 403
    assert editor.post(f"/manage/projects/{project.pk}/delete/").status_code == 403
    with tenant_context(district):
        assert Project.objects.get(pk=project.pk).is_published


def test_a_publisher_of_a_cannot_delete_bs_project(make_district, officer):
    district_a, district_b = make_district(), make_district()
    project_b = make_project(district_b, code="RD-80")

    officer(district_a, "publisher").post(f"/manage/projects/{project_b.pk}/delete/")

    with tenant_context(district_b):
        assert Project.objects.filter(pk=project_b.pk).exists()

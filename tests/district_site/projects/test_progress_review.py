"""Progress updates and their photos go through a publisher like every other change: an
editor's update of a project on the site waits in the review queue, unseen by citizens (nor its
photos fetchable), until a publisher publishes it; a publisher's is live at once."""

from datetime import date

from django_tenants.utils import tenant_context

from district_site.core import media_access
from district_site.projects.models import ProgressUpdate, ProjectPhoto
from district_site.revisions import actions as revisions

from ..conftest import phone_photo, says, upload
from .conftest import make_project
from .test_photos import _wait_for_photos


def _progress(district, project):
    with tenant_context(district):
        project.refresh_from_db()
    return project.progress, project.progress_updated_on


def test_an_editors_progress_update_waits_for_a_publisher_with_its_photo(
    photo_worker, officer, host_client, make_district
):
    district = make_district()
    project = make_project(district, code="WL-2", updates=[(date(2026, 2, 1), 20)])
    editor, publisher = officer(district, "editor"), officer(district, "publisher")
    citizen = host_client(district.primary_domain)

    response = editor.post(
        f"/manage/projects/{project.pk}/progress/",
        {
            "date": "2026-03-01",
            "percent": "55",
            "note_km": "ចាក់បេតុងរួច",
            "photo_during": upload(phone_photo(900, 600)),
        },
        follow=True,
    )

    assert says(
        response,
        "The progress update is saved and waits for a publisher: citizens see it once it is "
        "published.",
    )
    assert "ចាក់បេតុងរួច" not in citizen.get("/projects/WL-2/").content.decode()
    assert _progress(district, project) == (20, date(2026, 2, 1))
    with tenant_context(district):
        update = ProgressUpdate.objects.get(percent=55)
        assert not update.is_published
        [proposal] = revisions.pending()
        photo = ProjectPhoto.objects.get(update=update)
    assert proposal.object_id == update.pk
    queue = publisher.get("/manage/revisions/review/").content.decode()
    assert "ចាក់បេតុងរួច" in queue and editor.email in queue

    publisher.post(f"/manage/revisions/review/{proposal.pk}/publish/")

    assert "ចាក់បេតុងរួច" in citizen.get("/projects/WL-2/").content.decode()
    assert _progress(district, project) == (55, date(2026, 3, 1))
    with tenant_context(district):
        assert ProgressUpdate.objects.get(pk=update.pk).is_published
        assert ProjectPhoto.objects.get(pk=photo.pk).update_id == update.pk


def test_a_waiting_updates_photo_is_not_served_to_citizens(
    photo_worker, officer, host_client, make_district
):
    district = make_district()
    project = make_project(district, code="WL-3")
    officer(district, "editor").post(
        f"/manage/projects/{project.pk}/progress/",
        {"date": "2026-03-01", "percent": "10", "photo_before": upload(phone_photo(900, 600))},
    )
    [photo] = _wait_for_photos(district, 1)
    with tenant_context(district):
        names = list(photo.renditions.values())
        public = [name for name in names if media_access.citizens_may_fetch(name)]
    assert names and public == []


def test_a_publishers_progress_update_is_live_at_once(officer, host_client, make_district):
    district = make_district()
    project = make_project(district, code="WL-4")

    officer(district, "publisher").post(
        f"/manage/projects/{project.pk}/progress/",
        {"date": "2026-03-01", "percent": "35", "note_km": "ជីកអណ្ដូងរួច"},
    )

    assert (
        "ជីកអណ្ដូងរួច" in host_client(district.primary_domain).get("/projects/WL-4/").content.decode()
    )
    assert _progress(district, project) == (35, date(2026, 3, 1))
    with tenant_context(district):
        assert not revisions.pending().exists()

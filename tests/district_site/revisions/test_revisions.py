"""Every change to a page, news post or service is kept as a revision with a field diff, can be
restored, and appears in the district administrator's audit log."""

from django_tenants.utils import tenant_context

from district_site.pages.models import Page
from district_site.revisions.models import Revision

from ..conftest import says


def says_label(response, field):
    return says(response, str(Page._meta.get_field(field).verbose_name))


def _about(district):
    with tenant_context(district):
        return Page.objects.get(slug="about")


def _edit(client, page, **changes):
    data = {
        "title_km": page.title_km,
        "title_en": page.title_en,
        "body_km": page.body_km,
        "body_en": page.body_en,
        "show_in_menu": "on",
        **changes,
    }
    return client.post(f"/manage/pages/{page.pk}/", data, follow=True)


def test_editing_a_published_page_shows_the_diff_and_restoring_brings_it_back(
    officer, host_client, make_district
):
    district = make_district()
    publisher = officer(district, "publisher")
    about = _about(district)
    citizen = host_client(district.primary_domain)

    screen = _edit(publisher, about, title_en="All about us")

    assert says(screen, "Your changes were saved.")
    assert "<del>About the district</del>" in screen.content.decode()
    assert "<ins>All about us</ins>" in screen.content.decode()
    assert "All about us" in citizen.get("/en/p/about/").content.decode()
    with tenant_context(district):
        edit, created = Revision.objects.filter(object_id=about.pk, content_type__model="page")
        assert (edit.action, edit.author_name) == ("edited", publisher.email)
        assert [change["field"] for change in edit.changes] == ["title_en"]
        assert created.action == "created"

    response = publisher.post(f"/manage/revisions/{created.pk}/restore/", follow=True)

    assert says(response, "The earlier version was restored.")
    assert _about(district).title_en == "About the district"
    assert "All about us" not in citizen.get("/en/p/about/").content.decode()
    with tenant_context(district):
        restored = Revision.objects.filter(object_id=about.pk, content_type__model="page").first()
        assert restored.action == "restored"
        assert restored.restored_from_id == created.pk
        assert restored.changes[0]["old"] == "All about us"


def test_an_invalid_edit_saves_nothing_and_says_what_to_fix(officer, make_district):
    district = make_district()
    publisher = officer(district, "publisher")
    about = _about(district)

    response = _edit(publisher, about, title_km="  ", title_en="Changed")

    assert says(response, "Write the page's title in Khmer.")
    assert _about(district).title_en == about.title_en
    with tenant_context(district):
        assert not Revision.objects.exclude(action="created").exists()


def test_the_district_administrator_reads_the_audit_log_and_others_cannot(officer, make_district):
    district = make_district()
    publisher = officer(district, "publisher")
    _edit(publisher, _about(district), title_en="Audited title")
    admin = officer(district, "district_admin")

    log = admin.get("/manage/revisions/")

    assert publisher.email in log.content.decode()
    assert says_label(log, "title_en")
    assert officer(district, "editor").get("/manage/revisions/").status_code == 403
    assert publisher.get("/manage/revisions/").status_code == 403

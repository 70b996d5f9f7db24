"""Editors draft, publishers and the district administrator publish: decided in every console
view by the officer's Group in the district's own schema."""

from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context

from district_site.news.models import NewsPost
from district_site.pages.models import Page
from tests.conftest import PASSWORD

from ..conftest import log_in, says

ABOUT = {"title_km": "អំពីស្រុកយើង", "title_en": "About our district", "body_km": "អត្ថបទ"}


def _page(district, slug="about"):
    with tenant_context(district):
        return Page.objects.get(slug=slug)


def test_an_editor_cannot_publish_or_withdraw_a_page(officer, make_district):
    district = make_district()
    editor = officer(district, "editor")
    about = _page(district)

    assert editor.post(f"/manage/pages/{about.pk}/withdraw/").status_code == 403
    assert _page(district).is_published


def test_an_editors_change_to_a_published_page_waits_for_a_publisher(
    officer, host_client, make_district
):
    """The site keeps showing the published text; the change is kept as a draft change,
    which a publisher publishes from the edit screen."""
    district = make_district()
    editor = officer(district, "editor")
    about = _page(district)

    response = editor.post(f"/manage/pages/{about.pk}/", ABOUT, follow=True)

    assert says(
        response,
        "Your changes are saved as a draft. A publisher or the district administrator "
        "must publish them before citizens see them.",
    )
    citizen = host_client(district.primary_domain)
    assert "About our district" not in citizen.get("/en/p/about/").content.decode()
    publisher = officer(district, "publisher")
    screen = publisher.get(f"/manage/pages/{about.pk}/")
    assert says(screen, "Publish this draft change")
    with tenant_context(district):
        from district_site.revisions.models import Revision

        proposal = Revision.objects.get(action="proposed", object_id=about.pk)
    publisher.post(f"/manage/revisions/{proposal.pk}/restore/")
    assert "About our district" in citizen.get("/en/p/about/").content.decode()


def test_a_publisher_withdraws_and_publishes_a_page(officer, host_client, make_district):
    district = make_district()
    publisher = officer(district, "publisher")
    about = _page(district)
    citizen = host_client(district.primary_domain)

    publisher.post(f"/manage/pages/{about.pk}/withdraw/")
    assert citizen.get("/en/p/about/").status_code == 404
    publisher.post(f"/manage/pages/{about.pk}/publish/")
    assert citizen.get("/en/p/about/").status_code == 200


def test_an_account_without_an_officer_role_is_refused_everywhere(host_client, make_district):
    """A login alone is not enough: the console wants one of the officer roles."""
    district = make_district()
    with tenant_context(district):
        get_user_model().objects.create_user(
            username="norole@example.org", email="norole@example.org", password=PASSWORD
        )
    client = host_client(district.primary_domain)
    log_in(client, "norole@example.org")

    for path in ("/manage/", "/manage/news/", "/manage/news/new/", "/manage/services/"):
        assert client.get(path).status_code == 403, path


def test_an_officer_of_a_is_refused_by_bs_console_even_with_as_session_cookie(
    officer, host_client, make_district
):
    district_a, district_b = make_district(), make_district()
    officer_a = officer(district_a, "district_admin")
    with tenant_context(district_b):
        post = NewsPost.objects.create(title_km="ព័ត៌មាន", body_km="អត្ថបទ")
    intruder = host_client(district_b.primary_domain)
    intruder.cookies["sessionid"] = officer_a.cookies["sessionid"].value

    for path in ("/manage/news/", f"/manage/news/{post.pk}/", "/manage/revisions/"):
        response = intruder.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/manage/login/")
    assert intruder.post(f"/manage/news/{post.pk}/publish/").status_code == 302
    with tenant_context(district_b):
        assert not NewsPost.objects.get(pk=post.pk).is_published


def test_a_publisher_refused_an_administrators_page_reads_in_khmer_who_can_open_it(
    officer, make_district
):
    """Never a bare English "403 Forbidden": the console's own page, in the officer's language,
    names their role and the role that can do it."""
    district = make_district()
    publisher = officer(district, "publisher")

    response = publisher.get("/manage/officers/")

    assert response.status_code == 403
    assert response["Content-Language"] == "km"
    assert "Forbidden" not in response.content.decode()
    assert says(response, "Only the district administrator can do this.")
    assert says(response, "Publisher")


def test_an_editor_refused_publishing_reads_that_a_publisher_can(officer, make_district):
    district = make_district()
    editor = officer(district, "editor")
    about = _page(district)

    response = editor.post(f"/manage/pages/{about.pk}/withdraw/")

    assert response.status_code == 403
    assert says(response, "Only a publisher or the district administrator can do this.")

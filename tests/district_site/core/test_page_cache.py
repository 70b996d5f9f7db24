"""Citizens' pages come from a per-district cache that forgets them as soon as content
changes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from district_site.pages.models import Page


def test_a_second_read_of_a_page_costs_no_content_query(host_client, make_district):
    district = make_district()
    client = host_client(district.primary_domain)
    client.get("/en/p/about/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/p/about/")

    assert response.status_code == 200
    assert not [q for q in queries if "pages_page" in q["sql"]]


def test_a_published_change_shows_at_once(host_client, make_district):
    district = make_district()
    client = host_client(district.primary_domain)
    client.get("/en/p/about/")

    with schema_context(district.schema_name):
        page = Page.objects.get(slug="about")
        page.title_en = "About our district, updated"
        page.save()

    assert "About our district, updated" in client.get("/en/p/about/").content.decode()


def test_two_districts_never_share_a_cached_page(host_client, make_district):
    district_a, district_b = make_district(), make_district()

    body_a = host_client(district_a.primary_domain).get("/en/p/about/").content.decode()
    body_b = host_client(district_b.primary_domain).get("/en/p/about/").content.decode()

    footer_a = f"Official website of {district_a.name_en} district."
    footer_b = f"Official website of {district_b.name_en} district."
    assert footer_a in body_a and footer_a not in body_b
    assert footer_b in body_b


def test_officers_always_see_the_live_page(host_client, make_district, make_officer):
    from tests.conftest import PASSWORD

    district = make_district()
    officer = host_client(district.primary_domain)
    officer.post("/manage/login/", {"username": make_officer(district), "password": PASSWORD})
    officer.get("/en/p/about/")

    with CaptureQueriesContext(connection) as queries:
        officer.get("/en/p/about/")

    assert [q for q in queries if "pages_page" in q["sql"]]


def test_the_home_page_shows_the_latest_published_answer(host_client, make_district):
    from district_site.feedback import actions
    from district_site.feedback.models import Feedback

    district = make_district()
    client = host_client(district.primary_domain)
    client.get("/en/")
    with schema_context(district.schema_name):
        feedback = Feedback.objects.create(category="service", message="When is the office open?")
        actions.answer_feedback(
            feedback, reply="Monday to Friday, 7:30 to 17:00.", publish=True, actor=None
        )

    assert "Monday to Friday, 7:30 to 17:00." in client.get("/en/").content.decode()


def test_a_cached_page_never_outlives_the_next_scheduled_post(host_client, make_district):
    """A post published for a later time appears then, although nothing was saved at that
    time: the cached list expires by the scheduled time at the latest."""
    import time
    from datetime import timedelta

    from django.utils import timezone

    from district_site.core import page_cache
    from district_site.news.models import NewsPost

    district = make_district()
    client = host_client(district.primary_domain)
    with schema_context(district.schema_name):
        far = NewsPost.objects.create(
            title_km="ក",
            title_en="Later this week",
            body_km="ក",
            is_published=True,
            publish_at=timezone.now() + timedelta(days=3),
        )
        assert page_cache.page_timeout() == page_cache.PAGE_TIMEOUT
        soon = NewsPost.objects.create(
            title_km="ខ",
            title_en="Scheduled soon",
            body_km="ខ",
            is_published=True,
            publish_at=timezone.now() + timedelta(seconds=2),
        )
        assert page_cache.page_timeout() <= 2
    assert "Scheduled soon" not in client.get("/en/news/").content.decode()

    while timezone.now() < soon.publish_at + timedelta(seconds=1.2):
        time.sleep(0.2)

    body = client.get("/en/news/").content.decode()
    assert "Scheduled soon" in body
    assert "Later this week" not in body
    assert far.pk != soon.pk


def _rename_about(district, title):
    with schema_context(district.schema_name):
        page = Page.objects.get(slug="about")
        page.title_en = title
        page.save()


def test_what_is_kept_per_publication_changes_with_the_next_publication(
    host_client, make_district
):
    """The menu (page_cache.memo) on a page the page cache does not serve."""
    district = make_district()
    client = host_client(district.primary_domain)
    client.get("/en/?uncached=1")

    _rename_about(district, "About our district, renamed")

    assert "About our district, renamed" in client.get("/en/?uncached=1").content.decode()


def test_what_is_kept_per_publication_is_never_read_by_another_district(
    host_client, make_district
):
    district_a, district_b = make_district(), make_district()
    _rename_about(district_a, "Only district A has this page")

    body_a = host_client(district_a.primary_domain).get("/en/?uncached=1").content.decode()
    body_b = host_client(district_b.primary_domain).get("/en/?uncached=1").content.decode()

    assert "Only district A has this page" in body_a
    assert "Only district A has this page" not in body_b

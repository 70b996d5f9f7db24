"""The console opens on what needs doing, each item a link to the form that fixes it, and only
the district's own work."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.feedback import actions as feedback_actions
from district_site.feedback.models import Feedback

from ..conftest import says


def _waiting_feedback(district, *, days_old):
    with tenant_context(district):
        feedback = feedback_actions.receive_feedback(category="service", message="ផ្លូវខូច")
        Feedback.objects.filter(pk=feedback.pk).update(
            created_at=timezone.now() - timedelta(days=days_old)
        )


def test_the_console_lists_waiting_feedback_with_the_oldest_age_and_links_to_the_inbox(
    make_district, officer
):
    district = make_district()
    _waiting_feedback(district, days_old=9)
    _waiting_feedback(district, days_old=2)
    client = officer(district)

    response = client.get("/manage/")

    content = response.content.decode()
    assert '<li class="urgent"><a href="/manage/feedback/">' in content
    assert "2" in content and "9" in content
    assert says(response, "What needs doing")


def test_an_unpublished_budget_for_this_year_is_listed_and_another_districts_work_is_not(
    make_district, officer
):
    district_a, district_b = make_district(), make_district()
    _waiting_feedback(district_b, days_old=30)
    client = officer(district_a)

    content = client.get("/manage/").content.decode()

    assert str(timezone.localdate().year) in content
    assert 'href="/manage/budget/"' in content
    assert "/manage/feedback/" not in content.split("<h2>")[0]

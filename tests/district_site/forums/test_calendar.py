"""Forums in a citizen's calendar (district_site/forums/calendar.py): an .ics file per forum and
a feed of the coming ones, read back with the icalendar library as a calendar app would, in
Cambodia's time with a UID that stays the same when the forum is edited."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from icalendar import Calendar

from district_site.forums.models import Forum
from district_site.revisions import actions as revisions

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")


def _forum(district, *, days, published=True, venue="សាលាស្រុក"):
    with tenant_context(district):
        forum = Forum(
            # 08:00 in Cambodia, whatever zone the test machine uses.
            starts_at=(timezone.now() + timedelta(days=days))
            .astimezone(PHNOM_PENH)
            .replace(hour=8, minute=0, second=0, microsecond=0),
            venue_km=venue,
            venue_en="District hall",
            agenda_km="<p>របាយការណ៍ថវិកា</p>",
            is_published=published,
        )
        revisions.create(forum, actor="test")
        return forum


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_a_forums_calendar_file_holds_its_time_in_cambodia_place_and_link(
    make_district, host_client
):
    district = make_district()
    forum = _forum(district, days=20)

    (event,) = _events(host_client(district.primary_domain).get(f"/forums/{forum.pk}/calendar.ics"))

    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Asia/Phnom_Penh" and (start.hour, start.minute) == (8, 0)
    assert start == forum.starts_at
    assert event.decoded("dtend") > start
    assert str(event["uid"]) == f"forum-{forum.pk}@{district.primary_domain}"
    assert str(event["location"]) == "សាលាស្រុក"
    assert district.name in str(event["summary"])
    assert "របាយការណ៍ថវិកា" in str(event["description"])
    assert "<p>" not in str(event["description"])
    assert str(event["url"]) == f"http://{district.primary_domain}:8000/forums/{forum.pk}/"


def test_the_uid_stays_when_the_forum_is_moved_so_calendars_update_the_event(
    make_district, host_client
):
    district = make_district()
    forum = _forum(district, days=20)
    client = host_client(district.primary_domain)
    (before,) = _events(client.get(f"/forums/{forum.pk}/calendar.ics"))
    with tenant_context(district):
        revisions.change(
            forum,
            {"venue_km": "សាលាឃុំ", "starts_at": forum.starts_at + timedelta(days=1)},
            actor="test",
            may_publish=True,
        )

    (after,) = _events(client.get(f"/forums/{forum.pk}/calendar.ics"))

    assert after["uid"] == before["uid"]
    assert str(after["location"]) == "សាលាឃុំ"
    assert after.decoded("dtstart") - before.decoded("dtstart") == timedelta(days=1)


def test_the_feed_holds_the_coming_published_forums_only(make_district, host_client):
    district = make_district()
    coming = _forum(district, days=10)
    later = _forum(district, days=40)
    _forum(district, days=-30)  # held
    _forum(district, days=5, published=False)  # a draft

    events = _events(host_client(district.primary_domain).get("/en/forums/calendar.ics"))

    uids = [str(event["uid"]) for event in events]
    domain = district.primary_domain
    assert uids == [f"forum-{coming.pk}@{domain}", f"forum-{later.pk}@{domain}"]
    # The English calendar speaks English; the time zone is declared for calendar apps.
    calendar = Calendar.from_ical(
        host_client(district.primary_domain).get("/en/forums/calendar.ics").content
    )
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Asia/Phnom_Penh"
    assert str(events[0]["summary"]).startswith("Public forum of")


@pytest.mark.parametrize("language", ["", "/en"])
def test_forum_pages_link_to_the_calendars(make_district, host_client, language):
    district = make_district()
    forum = _forum(district, days=10)
    client = host_client(district.primary_domain)

    listing = client.get(f"{language}/forums/").content.decode()
    detail = client.get(f"{language}/forums/{forum.pk}/").content.decode()

    assert f'href="{language}/forums/calendar.ics"' in listing
    assert f'href="{language}/forums/{forum.pk}/calendar.ics"' in detail


def test_a_draft_or_another_districts_forum_has_no_calendar_file(make_district, host_client):
    district, other = make_district(), make_district()
    draft = _forum(district, days=10, published=False)
    published = _forum(district, days=10)

    assert (
        host_client(district.primary_domain).get(f"/forums/{draft.pk}/calendar.ics").status_code
        == 404
    )
    answer = host_client(other.primary_domain).get(f"/forums/{published.pk}/calendar.ics")
    assert answer.status_code == 404
    feed = _events(host_client(other.primary_domain).get("/forums/calendar.ics"))
    assert feed == []

"""Forums as iCalendar (RFC 5545), so a citizen's phone can remind them: one file per forum and
a feed of the coming ones that calendar apps can subscribe to. Built with the `icalendar`
package rather than by hand: escaping, line folding and the time zone block are where
hand-written calendars break.

Times are Cambodia's (Asia/Phnom_Penh, with its VTIMEZONE) so a calendar shows the hour the
district announced whatever zone the phone is set to. A forum's UID is its number at the
district's primary domain: stable across edits, so a changed time or venue updates the event a
citizen already added instead of adding a second one."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from tenants.links import district_url

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
# Forums have a start time only; calendars need an end. A forum takes a morning.
LENGTH = timedelta(hours=3)


def uid(forum, district):
    return f"forum-{forum.pk}@{district.primary_domain}"


def calendar(forums, district, *, name):
    """The iCalendar text (bytes) of ``forums``, titled ``name``."""
    cal = Calendar()
    cal.add("prodid", "-//Srok//District public forums//KM")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Phnom_Penh")
    for forum in forums:
        cal.add_component(_event(forum, district))
    cal.add_missing_timezones()
    return cal.to_ical()


def _event(forum, district):
    start = timezone.localtime(forum.starts_at, PHNOM_PENH)
    link = district_url(district, forum.get_absolute_url())
    event = Event()
    event.add("uid", uid(forum, district))
    event.add("dtstamp", forum.updated_at or timezone.now())
    event.add("last-modified", forum.updated_at or timezone.now())
    event.add("dtstart", start)
    event.add("dtend", start + LENGTH)
    event.add(
        "summary",
        _("Public forum of %(district)s district") % {"district": district.name},
    )
    event.add("location", forum.venue)
    agenda = strip_tags(forum.agenda).strip()
    event.add("description", f"{agenda}\n\n{link}" if agenda else link)
    event.add("url", link)
    return event

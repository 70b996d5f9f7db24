"""Forums as open data (see district_site.opendata.registry): one row per published forum with
its date, venue, attendance and how many questions were raised. Never a question's text, who
answered, nor anyone's name: counts alone about people."""

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from district_site.opendata.registry import Dataset, Field
from tenants.links import district_url

from .models import Forum

HELD, ANNOUNCED = "held", "announced"
FIELDS = (
    Field("forum_id", "integer", _("Forum number"), required=True),
    Field("date", "date", _("Date"), _("The day of the forum (Cambodia time)."), required=True),
    Field("starts_at", "datetime", _("Starts"), _("When the forum starts (UTC)."), required=True),
    Field("venue_km", "string", _("Venue in Khmer"), required=True),
    Field("venue_en", "string", _("Venue in English")),
    Field(
        "status",
        "string",
        _("Status"),
        _("announced (still to come) or held."),
        required=True,
        enum=(ANNOUNCED, HELD),
        filter=True,
    ),
    Field("women", "integer", _("Women attending"), _("Empty if not reported.")),
    Field("men", "integer", _("Men attending"), _("Empty if not reported.")),
    Field("total", "integer", _("Total attending"), _("Empty if not reported.")),
    Field("questions", "integer", _("Questions raised"), required=True),
    Field("minutes_url", "string", _("Minutes"), _("Address of the minutes (PDF); empty if none.")),
)


def _minutes_url(district, forum):
    """The lasting address of the minutes (forums.views.forum_minutes), the same whatever
    language the file is asked in: Khmer's, without a prefix."""
    if not forum.minutes:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("forums:minutes", args=[forum.pk], urlconf=settings.ROOT_URLCONF)
    return district_url(district, path)


def rows():
    now = timezone.now()
    district = connection.tenant
    for forum in Forum.objects.visible().order_by("starts_at", "pk"):
        yield {
            "forum_id": forum.pk,
            "date": timezone.localtime(forum.starts_at).date(),
            "starts_at": forum.starts_at,
            "venue_km": forum.venue_km,
            "venue_en": forum.venue_en,
            "status": HELD if forum.starts_at <= now else ANNOUNCED,
            "women": forum.women,
            "men": forum.men,
            "total": forum.total if forum.attendance_known else None,
            "questions": len(forum.questions or []),
            "minutes_url": _minutes_url(district, forum),
        }


def modified():
    """The latest change to a forum, or the moment the latest published forum began: its status
    turned from announced to held then, without anyone saving it."""
    visible = Forum.objects.visible()
    if not visible.exists():
        return None
    changed = Forum.objects.aggregate(last=Max("updated_at"))["last"]
    began = visible.filter(starts_at__lte=timezone.now()).aggregate(last=Max("starts_at"))["last"]
    return max(moment for moment in (changed, began) if moment is not None)


DATASETS = [
    Dataset(
        name="forums",
        title=_("Public forums"),
        description=_(
            "Every published information-sharing and consultation forum of the council: date, "
            "venue, whether held or announced, attendance of women and men, the number of "
            "questions raised and the minutes. No personal data."
        ),
        fields=FIELDS,
        rows=rows,
        modified=modified,
        primary_key=("district_code", "forum_id"),
        order=40,
        keywords=("forums", "participation", "accountability"),
    )
]

"""Feedback statistics as open data (see district_site.opendata.registry): counts per month
and category, and how long answers took. Never a message, a contact, a commune, a photo or a
tracking code: counts alone, so no row can point at a citizen."""

from collections import defaultdict
from statistics import median

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from district_site.opendata.registry import Dataset, Field

from .models import Feedback

FIELDS = (
    Field(
        "month",
        "yearmonth",
        _("Month"),
        _("The month the messages arrived in (Cambodia time)."),
        required=True,
        filter=True,
    ),
    Field(
        "category",
        "string",
        _("About"),
        _("What the messages were about."),
        required=True,
        enum=tuple(Feedback.Category.values),
        filter=True,
    ),
    Field("received", "integer", _("Received"), _("Messages received."), required=True),
    Field("answered", "integer", _("Answered"), _("Of those, messages answered."), required=True),
    Field(
        "answers_published",
        "integer",
        _("Answers published"),
        _("Of those, answers published on the district's site with their question."),
        required=True,
    ),
    Field(
        "waiting",
        "integer",
        _("Waiting"),
        _("Of those, messages still waiting for an answer."),
        required=True,
    ),
    Field(
        "median_answer_hours",
        "number",
        _("Median hours to answer"),
        _("Median hours from arrival to answer of the answered messages; empty if none."),
    ),
)
WAITING = {Feedback.Status.NEW, Feedback.Status.ASSIGNED}


def rows():
    groups = defaultdict(list)
    for created, category, status, answered, published in Feedback.objects.values_list(
        "created_at", "category", "status", "answered_at", "reply_published"
    ):
        month = timezone.localtime(created).strftime("%Y-%m")
        groups[month, category].append((created, status, answered, published))
    for (month, category), messages in sorted(groups.items()):
        delays = [
            (answered - created).total_seconds() / 3600
            for created, _status, answered, _published in messages
            if answered is not None
        ]
        yield {
            "month": month,
            "category": category,
            "received": len(messages),
            "answered": len(delays),
            "answers_published": sum(1 for *_rest, published in messages if published),
            "waiting": sum(1 for _created, status, *_rest in messages if status in WAITING),
            "median_answer_hours": round(median(delays), 1) if delays else None,
        }


def modified():
    figures = Feedback.objects.aggregate(
        created=Max("created_at"), answered=Max("answered_at"), closed=Max("closed_at")
    )
    moments = [moment for moment in figures.values() if moment is not None]
    return max(moments) if moments else None


DATASETS = [
    Dataset(
        name="feedback-statistics",
        title=_("Feedback statistics"),
        description=_(
            "How many messages citizens sent each month, by subject, how many were answered and "
            "how long answers took. Counts only: no message or personal data."
        ),
        fields=FIELDS,
        rows=rows,
        modified=modified,
        primary_key=("district_code", "month", "category"),
        order=90,
        keywords=("feedback", "accountability"),
    )
]

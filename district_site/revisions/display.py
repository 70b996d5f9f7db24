"""A revision's values as a reader sees them, for every screen that shows the change history.

Revisions store values as the database holds them (rich text as HTML, a choice as its code,
a moment in UTC as ISO text): right for restoring, wrong for reading. Here each becomes what the
citizen's page or the officer's form would show: text without tags, paragraphs kept; a choice's
label in the reader's language; yes or no; a date and time in the district's time.

A model may name how one of its fields reads with ``revision_display(field, value)`` returning
text, or None to leave it to the rules below (a project's sector is a code of the budget's own
list, which only the project knows how to name)."""

import json
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from district_site.core.richtext import to_plain


def readable(model, name, value):
    """``value`` of ``model``'s field ``name`` as plain text a reader understands ("" for none)."""
    if value is None or value == "":
        return ""
    custom = getattr(model, "revision_display", None) if model is not None else None
    if custom is not None:
        shown = custom(name, value)
        if shown is not None:
            return str(shown)
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:  # a field since removed from the model
        field = None
    if field is not None and field.choices:
        labels = {str(code): label for code, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(field, models.BooleanField) or isinstance(value, bool):
        return _("Yes") if value in (True, "True", "true") else _("No")
    if isinstance(field, models.DateTimeField):
        return _moment(value)
    if isinstance(field, models.DateField):
        day = value if isinstance(value, date) else parse_date(str(value))
        return date_format(day, "Y-m-d") if day else str(value)
    if isinstance(field, models.JSONField) or isinstance(value, list | dict):
        return _structure(value)
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return to_plain(str(value))


def _moment(value):
    moment = value if isinstance(value, datetime) else parse_datetime(str(value))
    if moment is None:
        return str(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.utc)
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def _structure(value):
    """A list of rows (a forum's questions) as one paragraph per row, its filled parts joined."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return to_plain(value)
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return str(value)
    rows = []
    for row in value:
        parts = row.values() if isinstance(row, dict) else [row]
        rows.append(" · ".join(to_plain(str(part)) for part in parts if part not in (None, "")))
    return "\n\n".join(row for row in rows if row)


def readable_changes(revision):
    """``revision.change_rows`` with ``old`` and ``new`` as a reader sees them."""
    model = revision.content_type.model_class()
    return [
        {
            **row,
            "old": readable(model, row["field"], row.get("old")),
            "new": readable(model, row["field"], row.get("new")),
        }
        for row in revision.change_rows
    ]

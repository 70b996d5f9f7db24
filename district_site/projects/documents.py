"""Checking project documents. A PDF is judged by its content, never its name: it must start
as a PDF does and end with a cross-reference that points at a real table or stream, which
a truncated download, a renamed Word file or an HTML page do not."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
# How far from the end a PDF keeps "startxref <offset> %%EOF" (writers may add trailing bytes).
TAIL = 2048
STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF", re.S)
# At the offset: a classic cross-reference table, or a cross-reference stream object.
XREF_AT = re.compile(rb"\s*(xref\b|\d+\s+\d+\s+obj\b)")


def check_pdf(upload):
    """Raise ValidationError saying what to do unless ``upload`` is a whole PDF under the limit."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _(
                "The file is too large (%(size)s MB). Choose a PDF of at most %(max)s MB, or "
                "scan it again at a lower resolution."
            )
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "max": MAX_BYTES // 1024 // 1024}
        )
    not_a_pdf = ValidationError(
        _("This file is not a PDF document we can publish. Save or scan it as PDF and try again.")
    )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data.startswith(b"%PDF-1.") and not data.startswith(b"%PDF-2."):
        raise not_a_pdf
    ends = list(STARTXREF.finditer(data[-TAIL:]))
    if not ends:
        raise not_a_pdf
    offset = int(ends[-1].group(1))
    if not 0 < offset < len(data) or not XREF_AT.match(data, offset):
        raise not_a_pdf


def store_pdf(upload):
    """The officer's file name is neither trusted nor kept."""
    upload.seek(0)
    return ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.pdf")

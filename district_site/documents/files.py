"""PDFs officers upload (documents, forum minutes): checked by their content, never their name,
and stored in the district's own storage under a name of our own.

No PDF library is installed, so the check is structural: the file starts as a PDF does, ends
with an end-of-file marker after a cross-reference pointer, and holds objects. PDFs that can run
something when opened (JavaScript, launch actions, embedded files) are refused: citizens open
these files on their phones."""

import re
import uuid
import zlib
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

HEADER = b"%PDF-"
TAIL_BYTES = 2048  # %%EOF may be followed by a few bytes of padding
# Names may spell letters as #xx (/J#61vaScript is /JavaScript): they are decoded first.
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|EmbeddedFiles|RichMedia)\b")
# Object streams can hide dictionaries inside compressed data: those are inflated and scanned.
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b[^\0]{0,1000}?stream\r?\n", re.DOTALL)
MAX_INFLATED = 20 * 1024 * 1024


def max_bytes():
    return settings.SROK_PDF_MAX_BYTES


def check_pdf(upload):
    """Return the PDF's size in bytes, or raise ValidationError saying what the officer should
    do."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _(
                "The file is too large (%(size)s MB). Choose a PDF of at most %(max)s MB, or "
                "scan it again at a lower resolution."
            )
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "max": f"{limit / 1024 / 1024:g}"}
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not _looks_like_pdf(data):
        raise ValidationError(
            _(
                "This file is not a PDF we can use. Choose a PDF file, such as one saved from "
                "Word or made by a scanner."
            )
        )
    if _has_active_content(data):
        raise ValidationError(
            _(
                "This PDF contains scripts or actions that run when it is opened. Save it again "
                "as a plain PDF (for example with “Print to PDF”) and choose that copy."
            )
        )
    return len(data)


def _looks_like_pdf(data):
    if not data.startswith(HEADER) or not re.match(rb"%PDF-[12]\.\d", data):
        return False
    tail = data[-TAIL_BYTES:]
    end = tail.rfind(b"%%EOF")
    return end != -1 and b"startxref" in tail[:end] and re.search(rb"\d+\s+\d+\s+obj\b", data)


def _has_active_content(data):
    if _ACTIVE.search(_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), data)):
        return True
    budget = MAX_INFLATED
    for match in _OBJECT_STREAM.finditer(data):
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(data[match.end() : match.end() + budget], budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        if _ACTIVE.search(_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), inflated)):
            return True
        if budget <= 0:
            return True  # more compressed objects than any council document has: refuse
    return False


@contextmanager
def stored_pdf(upload, folder):
    """Store ``upload`` (already checked) as ``<folder>/<random>.pdf`` in the current district's
    storage and yield its name; if the block fails, the file is deleted again, so a refused or
    rolled-back save leaves no file behind."""
    upload.seek(0)
    name = default_storage.save(f"{folder}/{uuid.uuid4().hex}.pdf", ContentFile(upload.read()))
    try:
        yield name
    except BaseException:
        default_storage.delete(name)
        raise


def size_display(size):
    """A file size as citizens read it: "320 KB", "1.4 MB"."""
    if size < 1024 * 1024:
        return _("%(size)s KB") % {"size": max(1, round(size / 1024))}
    return _("%(size)s MB") % {"size": f"{size / 1024 / 1024:.1f}"}

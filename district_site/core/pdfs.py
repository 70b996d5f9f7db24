"""PDFs officers upload (the documents library, forum minutes, project documents: every app that
takes one uses this part of the kit): the ONE check every PDF field uses (``PdfField`` below
runs it; a test walks every upload field of every form), and storing under a name of our own
in the district's own storage.

No PDF library is installed, so the check is structural: the file starts as a PDF does, ends
with an end-of-file marker after a cross-reference pointer that points at a real table or
stream, and holds objects. PDFs that can run something when opened (JavaScript, launch actions,
embedded files) are refused: citizens open these files on their phones, and a PDF viewer built
into a browser would run them with the district's origin if it were served inline (the media
view also serves every PDF as an attachment)."""

import re
import uuid
import zlib
from contextlib import contextmanager

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    not_a_pdf = ValidationError(
        _(
            "This file is not a PDF we can use. Choose a PDF file, such as one saved from "
            "Word or made by a scanner."
        )
    )
    if not _looks_like_pdf(data):
        raise not_a_pdf
    # Scripts are looked for before the cross-reference is followed, so a hostile file whose
    # offsets were broken by editing is named for what it is.
    if _has_active_content(data):
        raise ValidationError(
            _(
                "This PDF contains scripts or actions that run when it is opened. Save it again "
                "as a plain PDF (for example with “Print to PDF”) and choose that copy."
            )
        )
    if not _cross_reference_holds(data):
        raise not_a_pdf
    return len(data)


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF", re.S)
# At the pointer: a classic cross-reference table, or a cross-reference stream object.
_XREF_AT = re.compile(rb"\s*(xref\b|\d+\s+\d+\s+obj\b)")


def _looks_like_pdf(data):
    if not data.startswith(HEADER) or not re.match(rb"%PDF-[12]\.\d", data):
        return False
    tail = data[-TAIL_BYTES:]
    end = tail.rfind(b"%%EOF")
    return end != -1 and b"startxref" in tail[:end] and re.search(rb"\d+\s+\d+\s+obj\b", data)


def _cross_reference_holds(data):
    """The last startxref points at a real table or stream: a truncated download, a renamed
    Word file or an HTML page with a PDF header do not."""
    pointers = list(_STARTXREF.finditer(data[-TAIL_BYTES:]))
    if not pointers:
        return False
    offset = int(pointers[-1].group(1))
    return 0 < offset < len(data) and bool(_XREF_AT.match(data, offset))


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


class PdfField(forms.FileField):
    """The only form field that takes a PDF: every upload is judged by check_pdf (its
    content, active content refused) when the field is cleaned, whichever form holds it. The
    checked size is left on the upload as ``pdf_size``."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages", {"required": gettext_lazy("Choose the PDF file to publish.")}
        )
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "application/pdf"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "read"):
            upload.pdf_size = check_pdf(upload)
        return upload


def pdf_field(label, *, required):
    return PdfField(label=label, required=required)


def pdf_help():
    """Read when the form is made, so it always states the limit in force."""
    return gettext_lazy("A PDF file of at most %(max)s MB. It is checked before it is saved.") % {
        "max": f"{max_bytes() / 1024 / 1024:g}"
    }


def clean_pdf(form, name):
    """Check the upload in field ``name`` by its content; remember its size for saving."""
    upload = form.cleaned_data.get(name)
    if upload:
        form.pdf_sizes[name] = upload.pdf_size
    return upload

"""Storing project documents. They are checked by the documents library's one PDF check
(district_site.core.pdfs.check_pdf, run by its PdfField), like every PDF officers upload."""

import uuid

from django.core.files.base import ContentFile


def store_pdf(upload):
    """The officer's file name is neither trusted nor kept."""
    upload.seek(0)
    return ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.pdf")

"""A document's current PDF reaches citizens when the document is published; files it had
before (kept so a revision can be restored) stay with officers."""

from district_site.core.media_access import Files

from .models import Document

FILES = [Files(Document, "file", lambda rows: rows.visible())]

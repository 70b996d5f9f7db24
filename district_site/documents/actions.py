"""Saving documents. The PDF is stored before the row, and deleted again if the row's
transaction fails: a refused or failed save leaves neither a row nor a file."""

from django.db import transaction

from district_site.revisions import actions as revisions

from . import files

FOLDER = "documents"


def create_document(document, *, upload, size, by):
    document.is_published = False
    with files.stored_pdf(upload, FOLDER) as name, transaction.atomic():
        document.file, document.file_size = name, size
        return revisions.create(document, by=by)


def edit_document(document, fields, *, upload=None, size=None, by, may_publish):
    """Apply the officer's changes (a proposal when an editor changes a published document);
    a new PDF replaces the old one in the same revision. The old file is kept: an earlier
    version can be restored."""
    if upload is None:
        return revisions.change(document, fields, by=by, may_publish=may_publish)
    with files.stored_pdf(upload, FOLDER) as name, transaction.atomic():
        fields = {**fields, "file": name, "file_size": size}
        return revisions.change(document, fields, by=by, may_publish=may_publish)

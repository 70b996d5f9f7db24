"""Saving documents. The PDF is stored before the row, and deleted again if the row's
transaction fails: a refused or failed save leaves neither a row nor a file."""

from django.core.files.storage import default_storage
from django.db import transaction

from district_site.core import pdfs
from district_site.revisions import actions as revisions

FOLDER = "documents"


def create_document(document, *, upload, size, actor):
    document.is_published = False
    with pdfs.stored_pdf(upload, FOLDER) as name, transaction.atomic():
        document.file, document.file_size = name, size
        return revisions.create(document, actor=actor)


def edit_document(document, fields, *, upload=None, size=None, actor, may_publish):
    """Apply the officer's changes (a proposal when an editor changes a published document);
    a new PDF replaces the old one in the same revision. The old file is kept: an earlier
    version can be restored."""
    if upload is None:
        return revisions.change(document, fields, actor=actor, may_publish=may_publish)
    with pdfs.stored_pdf(upload, FOLDER) as name, transaction.atomic():
        fields = {**fields, "file": name, "file_size": size}
        return revisions.change(document, fields, actor=actor, may_publish=may_publish)


@transaction.atomic
def delete_document(document, *, actor):
    """Delete a document with its revision; its PDF, and those of its earlier versions (kept
    for restoring, which a deleted document no longer offers), go once that is committed."""
    names = {document.file}
    for revision in revisions.history(document):
        names.add(revision.data.get("file") or "")
    revisions.delete(document, actor=actor)
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names if name])

"""Saving an item officers write together with the photo that came with it, in one transaction:
an item is never saved without its photo, nor the photo without its item. The text goes through
revisions like every officer's change; the app says how it keeps a photo (``keep_photo(item,
upload)``: a photo row of its own, or the item's own photo fields)."""

from django.db import transaction

from district_site.revisions import actions as revisions

from . import tasks


@transaction.atomic
def create(item, *, actor, photo=None, photos=(), keep_photo=None):
    """Save a new ``item`` through revisions, and its photo (or photos: a gallery) if any
    came; the revision."""
    revision = revisions.create(item, actor=actor)
    for upload in _uploads(photo, photos):
        keep_photo(item, upload)
    return revision


@transaction.atomic
def change(item, fields, *, actor, may_publish, photo=None, photos=(), keep_photo=None):
    """Apply an officer's changes to ``item`` (a proposal when an editor changes a published
    item), and keep new photos if any came; the revisions' Outcome."""
    outcome = revisions.change(item, fields, actor=actor, may_publish=may_publish)
    for upload in _uploads(photo, photos):
        keep_photo(item, upload)
    return outcome


def _uploads(photo, photos):
    return ([photo] if photo else []) + list(photos)


def photo_rows(model, parent):
    """``keep_photo`` for items whose photos are rows of ``model`` (its ``parent`` field names
    the item): each upload is kept under a name of our own and re-encoded once committed."""

    def keep(item, upload):
        return tasks.keep_upload(model(**{parent: item}), upload)

    return keep

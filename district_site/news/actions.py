"""Saving news posts and their photos. Each action is one transaction: a post is never saved
without the photo that came with it, nor the photo without its post."""

import logging

from django.db import transaction

from district_site.core import photos
from district_site.revisions import actions as revisions

from .models import NewsPhoto

log = logging.getLogger(__name__)


@transaction.atomic
def create_post(post, *, photo=None, by):
    revision = revisions.create(post, by=by)
    if photo:
        add_photo(post, photo)
    return revision


@transaction.atomic
def edit_post(post, fields, *, photo=None, by, may_publish):
    outcome = revisions.change(post, fields, by=by, may_publish=may_publish)
    if photo:
        add_photo(post, photo)
    return outcome


def add_photo(post, upload):
    """Keep the upload (under a name of our own) and queue its resizing once committed."""
    from .tasks import process_photo

    extension = photos.check_upload(upload)
    photo = NewsPhoto(post=post)
    content = photos.store_original(upload, extension)
    photo.original.save(content.name, content, save=False)
    photo.save()
    transaction.on_commit(lambda: process_photo.delay(photo.pk))
    return photo


@transaction.atomic
def remove_photo(photo):
    names = [*photo.renditions.values(), photo.original.name]
    storage = photo.original.storage
    photo.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


def finish_photo(photo_id):
    renditions = photos.finish(
        NewsPhoto,
        photo_id,
        prefix=lambda photo: f"news/{photo.post_id}/{photo.pk}",
        parent=lambda photo: photo.post,
    )
    if renditions:
        log.info("news photo %s resized to %s", photo_id, ", ".join(renditions))

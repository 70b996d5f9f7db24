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
    """Keep the upload (under a name of our own) and queue its re-encoding once committed."""
    from .tasks import process_photo

    return photos.keep_upload(NewsPhoto(post=post), upload, process_photo)


def remove_photo(photo):
    photos.delete(photo)


def finish_photo(photo_id):
    # The row stays locked while the photo is resized: a redelivered task (acks_late) waits,
    # then finds the photo ready, instead of resizing it a second time beside the first.
    with transaction.atomic():
        photo = NewsPhoto.objects.select_for_update().filter(pk=photo_id).first()
        if photo is None or photo.is_ready:
            return  # removed meanwhile, or a redelivered task
        renditions, (width, height) = photos.make_renditions(
            photo.original, f"news/{photo.post_id}/{photo.pk}"
        )
        upload = photo.original.name
        NewsPhoto.objects.filter(pk=photo.pk).update(
            renditions=renditions, width=width, height=height, original=""
        )
        # The update above bypasses save(): tell the page cache by saving the post's time.
        photo.post.save(update_fields=["updated_at"])
    photo.original.storage.delete(upload)
    log.info("news photo %s resized to %s", photo_id, ", ".join(renditions))

"""Saving forums, their minutes and photos. A forum is saved with its revision, its minutes and
its photo together or not at all: the minutes' file is deleted again if the save fails."""

import logging
from contextlib import nullcontext

from django.db import transaction

from district_site.core import photos
from district_site.core.signals import content_published
from district_site.documents import files
from district_site.revisions import actions as revisions

from .models import Forum, ForumPhoto

log = logging.getLogger(__name__)
FOLDER = "forums/minutes"


def _minutes(upload):
    return files.stored_pdf(upload, FOLDER) if upload else nullcontext(None)


def create_forum(forum, *, minutes=None, minutes_size=0, photo=None, by):
    forum.is_published = False
    with _minutes(minutes) as name, transaction.atomic():
        if name:
            forum.minutes, forum.minutes_size = name, minutes_size
        revision = revisions.create(forum, by=by)
        if photo:
            add_photo(forum, photo)
        return revision


def edit_forum(forum, fields, *, minutes=None, minutes_size=0, photo=None, by, may_publish):
    """Apply the officer's changes (a proposal when an editor changes a published forum). New
    minutes replace the old in the same revision; the old file is kept for restoring."""
    with _minutes(minutes) as name, transaction.atomic():
        if name:
            fields = {**fields, "minutes": name, "minutes_size": minutes_size}
        outcome = revisions.change(forum, fields, by=by, may_publish=may_publish)
        if photo:
            add_photo(forum, photo)
        return outcome


def add_photo(forum, upload):
    """Keep the upload (under a name of our own) and queue its re-encoding once committed."""
    from .tasks import process_photo

    return photos.keep_upload(ForumPhoto(forum=forum), upload, process_photo)


def remove_photo(photo):
    photos.delete(photo)


def finish_photo(photo_id):
    renditions = photos.finish(
        ForumPhoto,
        photo_id,
        prefix=lambda photo: f"forums/{photo.forum_id}/{photo.pk}",
        parent=lambda photo: photo.forum,
    )
    if renditions:
        log.info("forum photo %s resized to %s", photo_id, ", ".join(renditions))


def announce_publication(sender, instance, **kwargs):
    """Receiver of ``revisions.signals.content_changed`` for forums, inside the change's
    transaction: a forum published, withdrawn, or changed while published is news to the apps
    that republish it (the platform-wide open data)."""
    if revisions.changed_what_citizens_see(instance):
        content_published.send(sender=Forum, kind="forums")

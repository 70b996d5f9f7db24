"""Saving forums, their minutes and photos. A forum is saved with its revision, its minutes and
its photo together or not at all: the minutes' file is deleted again if the save fails."""

from contextlib import nullcontext

from django.db import transaction

from district_site.content import actions as items
from district_site.content import photos
from district_site.core import pdfs
from district_site.core.signals import content_published
from district_site.revisions import actions as revisions

from .models import Forum, ForumPhoto

FOLDER = "forums/minutes"


def _minutes(upload):
    return pdfs.stored_pdf(upload, FOLDER) if upload else nullcontext(None)


def create_forum(forum, *, minutes=None, minutes_size=0, photo=None, actor):
    forum.is_published = False
    with _minutes(minutes) as name, transaction.atomic():
        if name:
            forum.minutes, forum.minutes_size = name, minutes_size
        return items.create(forum, photo=photo, keep_photo=add_photo, actor=actor)


def edit_forum(forum, fields, *, minutes=None, minutes_size=0, photo=None, actor, may_publish):
    """Apply the officer's changes (a proposal when an editor changes a published forum). New
    minutes replace the old in the same revision; the old file is kept for restoring."""
    with _minutes(minutes) as name, transaction.atomic():
        if name:
            fields = {**fields, "minutes": name, "minutes_size": minutes_size}
        return items.change(
            forum, fields, photo=photo, keep_photo=add_photo, actor=actor, may_publish=may_publish
        )


# Each upload a photo row of the forum's; removing one deletes the row and its files.
add_photo = items.photo_rows(ForumPhoto, "forum")
remove_photo = photos.delete


def announce_publication(sender, instance, **kwargs):
    """Receiver of ``revisions.signals.content_changed`` for forums, inside the change's
    transaction: a forum published, withdrawn, or changed while published is news to the apps
    that republish it (the platform-wide open data)."""
    if revisions.changed_what_citizens_see(instance):
        content_published.send(sender=Forum, kind="forums")

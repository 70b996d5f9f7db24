"""Saving council members and their photos. The text goes through revisions like every
officer's change; a photo is checked now and re-encoded by the photo task after commit."""

import logging

from django.db import transaction

from district_site.core import photos
from district_site.revisions import actions as revisions

from .models import CouncilMember

log = logging.getLogger(__name__)


@transaction.atomic
def create_member(member, *, photo=None, by):
    member.is_published = False
    revision = revisions.create(member, by=by)
    if photo:
        set_photo(member, photo)
    return revision


@transaction.atomic
def edit_member(member, fields, *, photo=None, by, may_publish):
    outcome = revisions.change(member, fields, by=by, may_publish=may_publish)
    if photo:
        set_photo(member, photo)
    return outcome


def set_photo(member, upload):
    """Replace the member's photo: keep the upload under a name of our own, forget the old
    copies, and queue the re-encoding once committed."""
    from .tasks import process_member_photo

    extension = photos.check_upload(upload)
    member = CouncilMember.objects.select_for_update().get(pk=member.pk)
    old = [*member.photo_renditions.values(), member.photo_original.name]
    storage = member.photo_original.storage
    content = photos.store_original(upload, extension)
    member.photo_original.save(content.name, content, save=False)
    member.photo_renditions = {}
    member.photo_width = member.photo_height = None
    member.save(
        update_fields=[
            "photo_original",
            "photo_renditions",
            "photo_width",
            "photo_height",
            "updated_at",
        ]
    )
    transaction.on_commit(lambda: [storage.delete(name) for name in old if name])
    transaction.on_commit(lambda: process_member_photo.delay(member.pk))
    return member


def finish_photo(member_id):
    member = CouncilMember.objects.filter(pk=member_id).first()
    if member is None or not member.photo_original or member.photo_renditions:
        return  # removed meanwhile, or a redelivered task
    upload = member.photo_original.name
    renditions, (width, height) = photos.make_renditions(
        member.photo_original, f"council/{member.pk}/{upload.rsplit('/', 1)[-1].split('.')[0]}"
    )
    with transaction.atomic():
        member = CouncilMember.objects.select_for_update().get(pk=member_id)
        if member.photo_original.name != upload:  # replaced while we worked: theirs wins
            stale = renditions.values()
        else:
            stale = [upload]
            member.photo_renditions = renditions
            member.photo_width, member.photo_height = width, height
            member.photo_original = ""
            # save(), not update(): the page cache hears of it and drops the old page.
            member.save(
                update_fields=[
                    "photo_original",
                    "photo_renditions",
                    "photo_width",
                    "photo_height",
                    "updated_at",
                ]
            )
    for name in stale:
        member.photo_original.storage.delete(name)
    log.info("council photo of member %s resized", member_id)


@transaction.atomic
def remove_photo(member):
    member = CouncilMember.objects.select_for_update().get(pk=member.pk)
    names = [*member.photo_renditions.values(), member.photo_original.name]
    storage = member.photo_original.storage
    member.photo_original = ""
    member.photo_renditions = {}
    member.photo_width = member.photo_height = None
    member.save(
        update_fields=[
            "photo_original",
            "photo_renditions",
            "photo_width",
            "photo_height",
            "updated_at",
        ]
    )
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])

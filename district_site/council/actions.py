"""Saving council members and their photos. The text goes through revisions like every
officer's change; a photo is checked now and re-encoded by the photo task after commit."""

from django.db import transaction

from district_site.content import actions as items
from district_site.content import photos, tasks

from .models import CouncilMember


def create_member(member, *, photo=None, actor):
    member.is_published = False
    return items.create(member, photo=photo, keep_photo=set_photo, actor=actor)


def edit_member(member, fields, *, photo=None, actor, may_publish):
    return items.change(
        member, fields, photo=photo, keep_photo=set_photo, actor=actor, may_publish=may_publish
    )


@transaction.atomic
def set_photo(member, upload):
    """Replace the member's photo: forget the old copies at once (a portrait of someone else
    must not stay on the page), keep the upload under a name of our own, and queue its
    re-encoding once committed."""
    member = CouncilMember.objects.select_for_update().get(pk=member.pk)
    photos.clear(member)
    return tasks.keep_upload(member, upload)


@transaction.atomic
def remove_photo(member):
    photos.clear(CouncilMember.objects.select_for_update().get(pk=member.pk))

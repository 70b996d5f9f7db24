"""Officers' photos, for every app that takes them. An upload is checked by its content
(district_site.core.photos.check_upload), kept under a name of our own, and deleted as soon as
the photo task has made its resized, re-encoded copies (renditions, width → file name), so
what citizens download never carries the camera's metadata (such as where it was taken).

Two shapes share one behaviour and one finish step:

- a row per photo (news, forums, projects): a model built on ``Photo``;
- one photo kept in the content's own fields (a council member's portrait, the district's
  photo): the model mixes in ``Renditions`` and names its fields with a ``Slot``. They stay
  fields because each has exactly one photo that an officer replaces, never a gallery; rows
  would change the officers' forms for no gain.

``finish`` is the one place a photo is resized; district_site.content.tasks runs it."""

import logging
from typing import NamedTuple

from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

from district_site.core import photos as images
from tenants import outbox

log = logging.getLogger(__name__)


class Slot(NamedTuple):
    """The names of the four fields holding one photo."""

    original: str = "original"
    renditions: str = "renditions"
    width: str = "width"
    height: str = "height"


class Renditions:
    """What a model with a photo slot offers its templates and the finish step. The model says
    where its copies go (``rendition_prefix``) and whose page shows the photo
    (``photo_parent``, saved when the copies are ready so the page cache forgets its pages)."""

    photo_slot = Slot()

    def rendition_prefix(self):
        raise NotImplementedError

    def photo_parent(self):
        return self

    def _slot(self, part):
        return getattr(self, getattr(self.photo_slot, part))

    @property
    def is_ready(self):
        return bool(self._slot("renditions"))

    @property
    def is_pending(self):
        """An upload not made into copies yet."""
        return bool(self._slot("original")) and not self.is_ready

    @property
    def is_waiting(self):
        """Not resized yet because the background service is away: its task waits in the
        outbox, to be sent when the broker returns (the officer is told so, not shown an
        error)."""
        return not self.is_ready and outbox.is_pending(task_key(self))

    @property
    def src(self):
        return images.src(self._slot("renditions"))

    @property
    def srcset(self):
        return images.srcset(self._slot("renditions"))

    def share_rendition(self):
        """(name, width, height) of the largest copy, what link previews show; None without
        copies."""
        sizes = images.by_width(self._slot("renditions"))
        if not sizes:
            return None
        width, name = sizes[-1]
        full_width, full_height = self._slot("width"), self._slot("height")
        height = round(full_height * width / full_width) if full_width else None
        return name, width, height


class PhotoFields(Renditions):
    """``Renditions`` for a model keeping its one photo in its own ``photo_*`` fields, under
    the names its templates use."""

    has_photo = Renditions.is_ready
    photo_pending = Renditions.is_pending
    photo_src = Renditions.src
    photo_srcset = Renditions.srcset
    photo_share = Renditions.share_rendition

    def upload_stem(self):
        """The random part of the waiting upload's name (``store_original``)."""
        return self._slot("original").name.rsplit("/", 1)[-1].split(".")[0]


def upload_to(photo, filename):
    """Uploads wait under their app's folder (``news/uploads/``), as they always have."""
    return f"{photo._meta.app_label}/uploads/{filename}"


class Photo(Renditions, models.Model):
    """One photo of some content: the upload until the photo task has run, then its copies."""

    original = models.FileField(upload_to=upload_to, blank=True)
    renditions = models.JSONField(default=dict, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")


def task_key(photo):
    """Names the resizing of ``photo``'s current upload in the outbox (tenants/outbox.py)."""
    return f"{connection.schema_name}:photo:{photo._meta.label_lower}:{photo.pk}"


def keep(photo, upload):
    """Check ``upload`` and keep it in ``photo``'s slot under a name of our own; saves
    ``photo``. The copies it had stay until the new ones are ready (``finish`` replaces them),
    unless the caller cleared them. Call inside the transaction that queues the task."""
    extension = images.check_upload(upload)
    content = images.store_original(upload, extension)
    slot = photo.photo_slot
    earlier = getattr(photo, slot.original)
    if earlier:  # an upload not made into copies yet: the new one replaces it
        name, storage = earlier.name, earlier.storage
        transaction.on_commit(lambda: storage.delete(name))
    getattr(photo, slot.original).save(content.name, content, save=False)
    photo.save()
    return photo


def clear(photo):
    """Empty ``photo``'s slot (a model keeping its photo in its own fields) and delete its
    files once that is committed."""
    slot = photo.photo_slot
    names = _names(photo)
    storage = getattr(photo, slot.original).storage
    setattr(photo, slot.original, "")
    setattr(photo, slot.renditions, {})
    setattr(photo, slot.width, None)
    setattr(photo, slot.height, None)
    photo.save(update_fields=[*slot, "updated_at"])
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


@transaction.atomic
def delete(photo):
    """Remove a ``Photo`` row; its files go once the removal is committed."""
    names = _names(photo)
    storage = photo.original.storage
    photo.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def _names(photo):
    original = photo._slot("original")
    return [name for name in [*photo._slot("renditions").values(), original.name] if name]


def finish(model, pk):
    """Make the copies of the upload waiting in row ``pk`` of ``model``, record them, then
    delete the upload and any copies of an earlier photo. Returns the renditions, or None when
    there is nothing to do: the row was removed meanwhile, or an earlier delivery of the same
    task already finished it.

    The row stays locked (SELECT ... FOR UPDATE) while the photo is resized, so a redelivered
    task (acks_late) or an officer replacing the photo waits for this run, then finds the
    upload gone; the copies' names are derived from the upload's, so a run after a worker died
    half-way replaces what the dead run wrote instead of leaving a second copy."""
    slot = model.photo_slot
    with transaction.atomic():
        photo = model._default_manager.select_for_update().filter(pk=pk).first()
        original = getattr(photo, slot.original, None)
        if not original:
            return None
        earlier = list(getattr(photo, slot.renditions).values())
        renditions, (width, height) = images.make_renditions(original, photo.rendition_prefix())
        upload, storage = original.name, original.storage
        done = {slot.renditions: renditions, slot.width: width, slot.height: height}
        model._default_manager.filter(pk=pk).update(**done, **{slot.original: ""})
        for name, value in done.items():
            setattr(photo, name, value)
        setattr(photo, slot.original, "")
        # The update above bypasses save(): saving the content's time tells the page cache.
        photo.photo_parent().save(update_fields=["updated_at"])
    stale = [name for name in [*earlier, upload] if name not in renditions.values()]
    for name in stale:
        storage.delete(name)
    log.info("%s %s resized to %s", model._meta.label_lower, pk, ", ".join(renditions))
    return renditions

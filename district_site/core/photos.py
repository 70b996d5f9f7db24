"""Checking and re-encoding officers' photos, for every app that takes them (news, council,
projects, forums). A photo is judged by its content, never its name: Pillow must recognise and
verify it as one of the formats phones produce. The upload is kept only until the photo task
has made resized, re-encoded copies; what citizens download never carries the camera's
metadata."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; beyond that it is a decompression bomb
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Widths served in srcset: a cheap phone, a good phone, a computer.
WIDTHS = (360, 720, 1280)


def check_upload(upload):
    """Return the file extension for ``upload``'s real format, or raise ValidationError with
    what the officer should do."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _(
                "The photo is too large (%(size)s MB). Choose a photo of at most %(max)s MB, "
                "or send a smaller copy from your phone."
            )
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "max": MAX_BYTES // 1024 // 1024}
        )
    not_a_photo = ValidationError(
        _("This file is not a photo we can use. Choose a JPEG, PNG or WebP photo.")
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind, pixels = image.format, image.width * image.height
            if kind not in FORMATS:
                raise not_a_photo
            if pixels > MAX_PIXELS:
                raise ValidationError(
                    _("The photo has too many pixels. Choose a photo of at most 40 megapixels.")
                )
            image.verify()
        # verify() checks the structure only; decoding every pixel finds a cut-off file now,
        # not later in the photo task.
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_a_photo from None
    finally:
        upload.seek(0)
    return FORMATS[kind]


def store_original(upload, extension):
    """Name the upload ourselves: the officer's file name is neither trusted nor kept."""
    upload.seek(0)
    return ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.{extension}")


def make_renditions(original, prefix):
    """Resized JPEG copies of ``original`` (an uploaded FieldFile), without its metadata, saved
    in the current schema's storage as ``<prefix>-<width>.jpg``; returns ({width: name},
    (width, height))."""
    with original.open("rb") as source, Image.open(source) as image:
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGB")
        full = image.size
        renditions = {}
        for width in WIDTHS:
            if renditions and width > image.width:
                break
            copy = image.copy()
            copy.thumbnail((min(width, image.width), image.height * 10))
            out = io.BytesIO()
            # A fresh image has no EXIF, ICC profile or comments: only pixels are written.
            copy.save(out, "JPEG", quality=80, optimize=True, progressive=True)
            name = default_storage.save(f"{prefix}-{copy.width}.jpg", ContentFile(out.getvalue()))
            renditions[str(copy.width)] = name
    return renditions, full


def by_width(renditions):
    """[(width, name)] of the renditions, narrowest first."""
    return sorted((int(width), name) for width, name in renditions.items())


def src(renditions):
    """A middle size for browsers that ignore srcset."""
    sizes = by_width(renditions)
    return default_storage.url(sizes[min(1, len(sizes) - 1)][1]) if sizes else ""


def srcset(renditions):
    return ", ".join(
        f"{default_storage.url(name)} {width}w" for width, name in by_width(renditions)
    )


def keep_upload(photo, upload, task):
    """Check ``upload``, keep it on ``photo`` (a new row of a ``Renditions`` model) under a name
    of our own, and queue ``task`` to make its renditions once the transaction commits."""
    extension = check_upload(upload)
    content = store_original(upload, extension)
    photo.original.save(content.name, content, save=False)
    photo.save()
    transaction.on_commit(lambda: task.delay(photo.pk))
    return photo


@transaction.atomic
def delete(photo):
    """Remove a ``Renditions`` row; its files go once the removal is committed."""
    names = [*photo.renditions.values(), photo.original.name]
    storage = photo.original.storage
    photo.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


def finish(model, photo_id, *, prefix, parent):
    """The photo task's work for any ``model`` using ``Renditions``: make the copies, record
    them, then delete the upload. ``prefix(photo)`` names the copies; ``parent(photo)`` is the
    content the photo belongs to, saved so the page cache forgets its pages. Returns the
    renditions, or None for a photo removed meanwhile or already done. The row stays locked
    while the photo is resized: a redelivered task (acks_late) waits, then finds it ready."""
    with transaction.atomic():
        photo = model.objects.select_for_update().filter(pk=photo_id).first()
        if photo is None or photo.is_ready:
            return None
        renditions, (width, height) = make_renditions(photo.original, prefix(photo))
        upload = photo.original.name
        model.objects.filter(pk=photo.pk).update(
            renditions=renditions, width=width, height=height, original=""
        )
        # The update above bypasses save(): tell the page cache by saving the parent's time.
        parent(photo).save(update_fields=["updated_at"])
    photo.original.storage.delete(upload)
    return renditions


class Renditions:
    """What a photo model with ``renditions`` (width → file name), ``width`` and ``height``
    offers its templates."""

    @property
    def is_ready(self):
        return bool(self.renditions)

    @property
    def src(self):
        return src(self.renditions)

    @property
    def srcset(self):
        return srcset(self.renditions)

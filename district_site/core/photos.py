"""Checking and re-encoding photos, for every app that takes them (the photo models and their
finish step are in district_site.content.photos). A photo is judged by its content, never its
name: Pillow must recognise and verify it as one of the formats phones produce. The upload is
kept only until the photo task has made resized, re-encoded copies; what citizens download
never carries the camera's metadata."""

import io
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.crypto import salted_hmac
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # a 40-megapixel photo; beyond that it is a decompression bomb
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# What the file chooser offers: the formats FORMATS accepts.
# Widths served in srcset: a cheap phone, a good phone, a computer.
WIDTHS = (360, 720, 1280)


ACCEPT = "image/jpeg,image/png,image/webp"


def max_bytes():
    """The one photo size limit of both sites (settings.SROK_PHOTO_MAX_BYTES)."""
    return settings.SROK_PHOTO_MAX_BYTES


def max_mb():
    return max_bytes() // 1024 // 1024


def _help_text(before="", after=""):
    limit = _("A JPEG, PNG or WebP photo of at most %(mb)d MB.") % {"mb": max_mb()}
    return " ".join(str(part) for part in (before, limit, after) if part)


# Every photo field's help text states the limit check_upload applies, in the reader's
# language: ``help_text(_("Optional."), _("It is resized for phones."))``.
help_text = lazy(_help_text, str)


def photo_field(label, *, required=False, before="", after=""):
    """A form field for one photo: the formats phones save, the one size limit, stated."""
    return PhotoField(label=label, required=required, help_text=help_text(before, after))


def check_upload(upload):
    """Return the file extension for ``upload``'s real format, or raise ValidationError with
    what the officer should do."""
    if upload.size > max_bytes():
        raise ValidationError(
            _(
                "The photo is too large (%(size)s MB). Choose a photo of at most %(max)s MB, "
                "or send a smaller copy from your phone."
            )
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "max": max_mb()}
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


class PhotoField(forms.FileField):
    """An officer's photo in a form: optional unless said, the file chooser offering the formats
    phones produce, and every upload judged by check_upload (its content) when the field is
    cleaned, whichever form holds it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "read"):
            check_upload(upload)
        return upload


def store_original(upload, extension):
    """Name the upload ourselves: the officer's file name is neither trusted nor kept."""
    upload.seek(0)
    return ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.{extension}")


def make_renditions(original, prefix):
    """Resized JPEG copies of ``original`` (an uploaded FieldFile), without its metadata, saved
    in the current schema's storage as ``<prefix>-<random>-<width>.jpg``; returns ({width:
    name}, (width, height)). The random part keeps a draft's photos from being found by
    counting ids (district_site.core.media decides who may fetch them); it is derived from the
    upload's own random name with the secret key, so a task run twice names its copies alike."""
    token = salted_hmac("srok.core.photos.renditions", original.name).hexdigest()[:20]
    with original.open("rb") as source, Image.open(source) as image:
        image = _upright(image)
        full = image.size
        renditions = {}
        for width in WIDTHS:
            if renditions and width > image.width:
                break
            copy = image.copy()
            copy.thumbnail((min(width, image.width), image.height * 10))
            # The same name on every run of the task for this upload: a task run again after its
            # worker died replaces what the dead run wrote instead of leaving a second copy.
            name = f"{prefix}-{token}-{copy.width}.jpg"
            if default_storage.exists(name):
                default_storage.delete(name)
            name = default_storage.save(name, _jpeg(copy))
            renditions[str(copy.width)] = name
    return renditions, full


def reencoded(upload, max_side):
    """A JPEG copy of ``upload`` (checked with ``check_upload``) no larger than ``max_side``
    either way, without its metadata: for a photo kept as one file, such as a citizen's."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = _upright(image)
        image.thumbnail((max_side, max_side))
        return _jpeg(image)


def _upright(image):
    """The pixels as the camera held them (its orientation tag applied), in RGB."""
    return ImageOps.exif_transpose(image).convert("RGB")


def _jpeg(image):
    out = io.BytesIO()
    # A fresh image has no EXIF, ICC profile or comments: only pixels are written.
    image.save(out, "JPEG", quality=80, optimize=True, progressive=True)
    return ContentFile(out.getvalue())


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

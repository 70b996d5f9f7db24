"""Which stored files citizens may fetch: only those of content they can read right now.

Every file in a district's storage is private unless an app declares it public. An app that
stores files has a ``media.py`` (district_site.core.contributions) whose ``FILES`` is a list of
``Files``: the model and field naming the files, and which of its rows citizens can read (the
same rule as its public pages: published, the publish date come, the parent published). The
media view (``serve``) asks that at every request, so a draft's, a withdrawn, a scheduled or a
deleted item's files answer 404 to citizens, while officers of the district, logged in, see
them (never cached by a browser or proxy). Files no declaration names (uploads waiting to be
resized, replaced PDFs kept for restoring, citizens' feedback photos) are officers' only.

We chose a check at each request over moving files between a private and a public prefix on
publication: a scheduled post becomes public without any event to move its files on, and a
move that fails half-way would leave a page and its files disagreeing. Names are random too
(photos.make_renditions, pdfs.stored_pdf), so nothing can be found by counting.

On S3 every object is private (no public ACL); the view answers with a presigned link valid for
``MEDIA_LINK_SECONDS``, and pages link to the view, never to the bucket.

A photo whose row exists but whose file storage cannot give (lost, or S3 unreachable) is
answered with a small placeholder image, status 404 and never cached, and a warning in the log:
the page it sits in keeps its layout, and the picture comes back by itself once the file does.
"""

import functools
import hashlib
import io
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, models
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_safe

from tenants.resilience import breaker_for
from tenants.roles import roles_of

from . import contributions, page_cache

logger = logging.getLogger(__name__)

_WIDTH = re.compile(r"-(\d+)\.jpg$")
# What a browser may show inline: the photos we re-encode ourselves. Anything else (PDFs above
# all) is sent as an attachment, so a file can never run in the district's origin.
INLINE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


@dataclass(frozen=True)
class Files:
    """Files of ``model`` named by ``field``: a FileField, a CharField holding a storage name,
    or (``renditions=True``) a JSONField mapping width to name. ``public(queryset)`` narrows
    rows to those citizens can read."""

    model: type
    field: str
    public: Callable[[models.QuerySet], models.QuerySet]
    renditions: bool = False

    def rows_naming(self, name):
        manager = self.model._default_manager
        if self.renditions:
            width = _WIDTH.search(name)
            if width is None:
                return manager.none()
            # The key is the copy's width, which ends its name (photos.make_renditions).
            return manager.filter(**{f"{self.field}__contains": {width[1]: name}})
        return manager.filter(**{self.field: name})

    def names(self, obj):
        """Every stored name this declaration finds on ``obj``."""
        value = getattr(obj, self.field)
        if self.renditions:
            return [name for name in (value or {}).values() if name]
        name = getattr(value, "name", value)
        return [name] if name else []

    def is_public(self, name):
        return self.public(self.rows_naming(name)).exists()


# Fields whose files no citizen may ever fetch: uploads kept only until they are resized (with
# the camera's metadata), and citizens' own feedback photos. A test walks every field of every
# district model that stores files and fails on one neither declared public nor listed here.
PRIVATE_FIELDS = {
    "district_core.DistrictProfile.photo_upload",
    "news.NewsPhoto.original",
    "forums.ForumPhoto.original",
    "projects.ProjectPhoto.original",
    "council.CouncilMember.photo_original",
    "feedback.Feedback.photo",
}


def declarations():
    return [files for module in contributions.modules("media") for files in module.FILES]


def citizens_may_fetch(name):
    """Whether ``name`` belongs to content citizens can read now. Kept per content version
    (any save or delete replaces it) and no longer than the next scheduled publication."""
    # The name hashed: a key stays short whatever a client asks for.
    digest = hashlib.sha256(name.encode()).hexdigest()
    key = f"media-public:{page_cache.content_version()}:{digest}"
    verdict = cache.get(key)
    if verdict is None:
        verdict = any(files.is_public(name) for files in declarations())
        cache.set(key, verdict, page_cache.page_timeout())
    return verdict


def _is_officer(request):
    return bool(roles_of(request.user))


def _named_by_content(name):
    """Whether some row of this district names ``name`` (published or not)."""
    return any(files.rows_naming(name).exists() for files in declarations())


# Width / height of the placeholder, the renditions' usual 4:3, and the widths it is drawn at
# (the rendition's own, rounded up to one of these): a handful of sizes, each drawn once.
_PLACEHOLDER_RATIO = 3 / 4
_PLACEHOLDER_WIDTHS = (160, 320, 640, 1280)


@functools.lru_cache(maxsize=len(_PLACEHOLDER_WIDTHS))
def placeholder_png(width):
    """A light grey picture of a picture (a frame, a hill, a sun), ``width`` pixels wide: a
    few hundred bytes of PNG, drawn by Pillow (already needed for the renditions)."""
    from PIL import Image, ImageDraw

    height = round(width * _PLACEHOLDER_RATIO)
    image = Image.new("RGB", (width, height), (226, 229, 233))
    draw = ImageDraw.Draw(image)
    unit = width / 16
    colour = (168, 174, 182)
    left, top, right, bottom = 5 * unit, height / 2 - 2.5 * unit, 11 * unit, height / 2 + 2.5 * unit
    draw.rectangle((left, top, right, bottom), outline=colour, width=max(1, round(unit / 3)))
    draw.polygon(
        [(left + unit / 2, bottom - unit / 2), (8 * unit, top + 2 * unit), (right - unit / 2,
         bottom - unit / 2)], fill=colour,
    )  # fmt: skip
    draw.ellipse((9 * unit, top + unit / 2, 10 * unit, top + 1.5 * unit), fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _placeholder(path, reason=None):
    """The placeholder for the photo ``path`` storage could not give; ``reason``, when given,
    goes to the log (an S3 outage is logged once, by its breaker, not per photo)."""
    if reason:
        logger.warning(
            "media: %s of district %s %s; a placeholder was served",
            path,
            connection.schema_name,
            reason,
        )
    width = _WIDTH.search(path)
    wanted = int(width[1]) if width else _PLACEHOLDER_WIDTHS[-1]
    drawn = next((w for w in _PLACEHOLDER_WIDTHS if w >= wanted), _PLACEHOLDER_WIDTHS[-1])
    # 404: the file is not there, and nothing should keep or index this picture as the photo;
    # browsers still draw an image that comes with a 404 (the test checks it in Chromium).
    response = HttpResponse(placeholder_png(drawn), content_type="image/png", status=404)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # Logged above with the reason, not again as Django's "Not Found".
    response._has_been_logged = True
    return response


def _s3_breaker():
    # The breaker uploads trip too (tenants.unavailable.StorageUnavailableMiddleware): while S3
    # is known down, photos are placeholders at once instead of each waiting out a timeout.
    from tenants.unavailable import RETRY_AFTER_SECONDS

    return breaker_for("Media storage", RETRY_AFTER_SECONDS)


@require_safe
def serve(request, path):
    """``/media/<path>`` on a district's host: the file if citizens may fetch it or the reader is
    one of the district's officers, else 404. The storage resolves ``path`` inside the current
    schema's prefix, so another district's host never finds this one's files. A photo that
    content names but storage cannot give is the placeholder (``_placeholder``)."""
    if "\0" in path or not path or path.endswith("/"):
        raise Http404  # a folder, never a file
    public = citizens_may_fetch(path)
    if not public and not _is_officer(request):
        raise Http404
    local = isinstance(default_storage, FileSystemStorage)
    extension = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    inline = extension in INLINE_TYPES
    if inline and not local and not _s3_breaker().allow():
        return _placeholder(path)
    try:
        if not default_storage.exists(path):
            if inline and (public or _named_by_content(path)):
                return _placeholder(path, "is missing from storage")
            raise Http404
        # A folder "exists" too; only a regular file is served.
        if local and not os.path.isfile(default_storage.path(path)):
            raise Http404
    except (SuspiciousFileOperation, OSError) as exc:  # OSError: a name too long, for one
        raise Http404 from exc
    except (BotoCoreError, ClientError) as exc:  # S3 unreachable or failing
        if not inline:
            raise
        _s3_breaker().failed(exc)
        return _placeholder(path)
    if not local:
        _s3_breaker().succeeded()
    download = path.rsplit("/", 1)[-1]
    if local:
        response = FileResponse(
            default_storage.open(path, "rb"), as_attachment=not inline, filename=download
        )
        if inline:
            response["Content-Type"] = INLINE_TYPES[extension]
    else:
        parameters = (
            {}
            if inline
            else {
                "ResponseContentDisposition": f'attachment; filename="{download}"',
            }
        )
        response = HttpResponseRedirect(
            default_storage.signed_url(
                path, parameters=parameters, expire=settings.MEDIA_LINK_SECONDS
            )
        )
    response["X-Content-Type-Options"] = "nosniff"
    # A downloaded file cannot run script in our origin even if a browser ignored the rest.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if response.status_code == 302:
        # The presigned link expires: a redirect kept by a browser would outlive it.
        response["Cache-Control"] = "no-store"
    elif public:
        # Short, so a withdrawn item's files leave shared caches soon after the item.
        response["Cache-Control"] = f"public, max-age={page_cache.PAGE_TIMEOUT}"
    else:
        response["Cache-Control"] = "private, no-store"
    return response

"""Media storages that keep each district's files under its own schema name.

``location`` is a plain property read on every call, never cached: a cached value would freeze
at whichever schema was active first (usually "public") and mix districts' files.
"""

import errno
import os
import tempfile
from urllib.parse import urljoin

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.utils.encoding import filepath_to_uri
from django_tenants.utils import get_public_schema_name
from storages.backends.s3 import S3Storage


class StorageUnavailable(Exception):
    """The media storage could not take a file: S3 unreachable or failing, the disk full. The
    action that was saving it is rolled back; the officer or citizen is told in their language
    that nothing was saved (tenants/unavailable.py)."""


# Errors of a disk that cannot take more, rather than of a wrong path.
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO}


class SchemaFileSystemStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/<schema>/, served by the district site's media view."""

    # A schema whose area this instance keeps to, whatever schema is active; None: the active one.
    area = None

    @property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, self.area or connection.schema_name)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError as exc:
            if exc.errno not in _DISK_FULL:
                raise
            # No half-written file left behind under the name the upload was given.
            try:
                os.remove(self.path(name))
            except OSError:
                pass
            raise StorageUnavailable(f"the media disk cannot take {name}: {exc}") from exc

    def replace(self, name, content):
        """Store ``content`` under exactly ``name``, replacing any earlier file at once: written
        beside it, then renamed over it, so a reader (a citizen's download, a data portal's
        harvester) gets the old file or the new one, never none and never half of one."""
        path = self.path(name)
        folder = os.path.dirname(path)
        partial = None
        try:
            os.makedirs(folder, exist_ok=True)
            handle, partial = tempfile.mkstemp(dir=folder, prefix=".partial-")
            with os.fdopen(handle, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk)
            os.chmod(partial, self.file_permissions_mode or 0o644)
            os.replace(partial, path)
        except OSError as exc:
            if partial and os.path.exists(partial):
                os.remove(partial)
            if exc.errno not in _DISK_FULL:
                raise
            raise StorageUnavailable(f"the media disk cannot take {name}: {exc}") from exc
        return name


class SchemaS3Storage(S3Storage):
    """Objects under <schema>/ in the bucket, all private. ``url()`` is the district's own media
    address (MEDIA_URL + name), as on disk, so every link passes the media view, which decides
    who may have the file and answers with ``signed_url()``: a short-lived presigned link."""

    area = None

    @property
    def location(self):
        return self.area or connection.schema_name

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def signed_url(self, name, *, parameters=None, expire=None):
        return super().url(name, parameters=parameters, expire=expire)

    def save(self, name, content, max_length=None):
        # The whole save: finding a free name asks S3 too.
        try:
            return super().save(name, content, max_length=max_length)
        except (BotoCoreError, ClientError) as exc:
            raise StorageUnavailable(f"S3 did not take {name}: {exc}") from exc

    def replace(self, name, content):
        """Store ``content`` under exactly ``name``, replacing any earlier object: one PUT, which
        S3 applies whole, so a reader gets the old object or the new one, never none."""
        try:
            return self._save(name, content)  # save() would pick a free name instead
        except (BotoCoreError, ClientError) as exc:
            raise StorageUnavailable(f"S3 did not take {name}: {exc}") from exc


def public_area_storage():
    """A new instance of the media storage kept to the public schema's area: the platform's own
    files (e.g. the platform-wide open data), written from a district's task and read on the
    platform's host alike."""
    storage = storages.create_storage(settings.STORAGES["default"])
    storage.area = get_public_schema_name()
    return storage

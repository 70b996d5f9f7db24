"""Media storages that keep each district's files under its own schema name.

``location`` is a plain property read on every call, never cached: a cached value would freeze
at whichever schema was active first (usually "public") and mix districts' files.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django_tenants.utils import get_public_schema_name
from storages.backends.s3 import S3Storage


class SchemaFileSystemStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/<schema>/, served by ``tenants.views.media``."""

    # A schema whose area this instance keeps to, whatever schema is active; None: the active one.
    area = None

    @property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, self.area or connection.schema_name)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class SchemaS3Storage(S3Storage):
    """Objects under <schema>/ in the bucket; links are short-lived presigned URLs."""

    area = None

    @property
    def location(self):
        return self.area or connection.schema_name


def public_area_storage():
    """A new instance of the media storage kept to the public schema's area: the platform's own
    files (e.g. the platform-wide open data), written from a district's task and read on the
    platform's host alike."""
    storage = storages.create_storage(settings.STORAGES["default"])
    storage.area = get_public_schema_name()
    return storage

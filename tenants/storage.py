"""Media storages that keep each district's files under its own schema name.

``location`` is a plain property read on every call, never cached: a cached value would freeze
at whichever schema was active first (usually "public") and mix districts' files.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from storages.backends.s3 import S3Storage


class SchemaFileSystemStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/<schema>/, served by ``tenants.views.media``."""

    @property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, connection.schema_name)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class SchemaS3Storage(S3Storage):
    """Objects under <schema>/ in the bucket; links are short-lived presigned URLs."""

    @property
    def location(self):
        return connection.schema_name

"""What backing up and restoring share: the layout of a backup in the store, its id, the
error both raise, media names and checksums."""

import hashlib
import os
import posixpath
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.files.storage import default_storage
from django_tenants.utils import get_public_schema_name, schema_context

from ..models import District, DistrictBackup
from .stores import CHUNK

# Format 1 kept a copy of every media file in each backup's folder; format 2 keeps each file's
# content once per district, under MEDIA/<sha256>, and each manifest names the contents it needs.
FORMAT = 2
READABLE_FORMATS = (1, 2)
# A schema's part of a backup: its own pg_dump archive, or (from a dump shared by several
# districts, backup.SharedDump) the gzipped SQL script a restore of such an archive would run.
DUMP = "schema.dump"
SCRIPT = "schema.sql.gz"
MEDIA = "media"
SHA256 = re.compile(r"^[0-9a-f]{64}$")
PLATFORM_PREFIX = "platform"
# Media files up to this size are staged in memory on their way to the store, larger ones on disk.
SPOOL_MAX = 8 * CHUNK
# Ids sort in the order backups started (UTC, to the microsecond) and say when that was.
ID_TIME = "%Y%m%dT%H%M%S%fZ"
BACKUP_ID = re.compile(r"^\d{8}T\d{12}Z-[0-9a-f]{6}$")
# Schema names come from a manifest, i.e. from outside: only plain ones reach SQL text.
PLAIN_SCHEMA = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class BackupError(Exception):
    """A backup or restore that could not be done. The message is for whoever asked for it."""


@dataclass(frozen=True)
class Scope:
    """What one backup covers: a district, or the platform (``district`` None)."""

    schema_name: str
    prefix: str
    district: District | None

    @classmethod
    def of(cls, district):
        if district.is_platform:
            return cls(get_public_schema_name(), PLATFORM_PREFIX, None)
        return cls(district.schema_name, district_prefix(district.code), district)

    def rows(self):
        if self.district is None:
            return DistrictBackup.objects.filter(
                district=None, schema_name=get_public_schema_name()
            )
        return DistrictBackup.objects.filter(district=self.district)


def district_prefix(code):
    return f"districts/{code}"


def identity(district):
    if district is None:
        return None
    with schema_context(get_public_schema_name()):
        domains = list(
            district.domains.order_by("-is_primary", "pk").values_list("domain", flat=True)
        )
    return {
        "code": district.code,
        "slug": district.slug,
        "name_km": district.name_km,
        "name_en": district.name_en,
        "domains": domains,
    }


def listing(store, prefix):
    """(every backup folder, the ids of complete backups oldest first) under ``prefix``."""
    folders, files = store.listing(prefix)
    complete = sorted(name[:-5] for name in files if name.endswith(".json"))
    return (
        [name for name in folders if BACKUP_ID.match(name)],
        [name for name in complete if BACKUP_ID.match(name)],
    )


def started(backup_id):
    return datetime.strptime(backup_id.split("-")[0], ID_TIME).replace(tzinfo=UTC)


def media_names():
    """Every media file of the current schema, '/'-separated and sorted."""
    try:
        folders, files = default_storage.listdir("")
    except FileNotFoundError:  # on disk, a district that never stored a file has no folder
        return []
    names = list(files)
    pending = list(folders)
    while pending:
        folder = pending.pop()
        sub_folders, sub_files = default_storage.listdir(folder)
        names += [posixpath.join(folder, name) for name in sub_files]
        pending += [posixpath.join(folder, name) for name in sub_folders]
    return sorted(names)


def safe_media_name(name):
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and ".." not in parts and "" not in parts


def copy_hashing(source, target):
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        target.write(chunk)
    return size, digest.hexdigest()


def file_digest(path):
    with open(path, "rb") as fh:
        return os.fstat(fh.fileno()).st_size, hashlib.file_digest(fh, "sha256").hexdigest()


def explain(exc):
    return str(exc) or exc.__class__.__name__


def media_key(prefix, manifest, entry):
    """Where the content of media ``entry`` of ``manifest`` is kept in the store."""
    if manifest["format"] == 1:
        return f"{prefix}/{manifest['id']}/media/{entry['name']}"
    return f"{prefix}/{MEDIA}/{entry['sha256']}"

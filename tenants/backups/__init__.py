"""Per-district backups and restores.

A backup of a district is, in the backup store (S3 when BACKUP_BUCKET is set, else files under
BACKUP_DIR), under ``districts/<code>/``:

    <id>/schema.dump     ``pg_dump -Fc`` of the district's schema, when backed up on its own
    <id>/schema.sql.gz   or, when it shared one pg_dump with other districts (backup.SharedDump),
                         the SQL script a restore of its own archive would run
    <id>.json            the manifest
    media/<sha256>       the content of each media file, kept once for all the district's backups

The manifest says what the district was, the dump's size and sha256, the rows of every table and
each media file's name, size, time and sha256. The manifest is written last and is the only mark
of completeness: a backup without one (failed, interrupted, or still running) is never listed or
restored. A failing backup removes what it stored; one whose process died is removed by
``prune_backups`` once it is older than BACKUP_STALE_HOURS (its id starts with the time it
started), and so are media contents no kept backup names. The manifest sits beside the folder,
not in it, so one listing of ``districts/<code>/`` tells complete backups from the rest. The
platform's public schema and media are backed up the same way under ``platform/``. Backups of
format 1 (each with its own ``<id>/media/<name>`` copies) still restore.

Row counts are taken in the very snapshot pg_dump reads (``pg_export_snapshot``), so a restore
can check that it got exactly what was dumped.

A restore never edits SQL text: the script is replayed, in one transaction, into a schema of its
original name after moving any live schema of that name aside, and the result is renamed to a
temporary name before the live one is put back. Once checked against the manifest, the temporary
schema takes the target's name in one more transaction, so the district changes all at once.

The package: ``stores`` (where backups are kept), ``postgres`` (the client programs and
catalogue statements), ``common`` (layout and checks both sides share), ``backup``, ``restore``.
"""

from .backup import (
    backup_district,
    backup_districts,
    backup_platform,
    due_backups,
    latest_complete_backup,
    list_backups,
    nightly_offset,
    prune_backups,
)
from .common import PLATFORM_PREFIX, BackupError
from .postgres import pg_tool
from .restore import Restored, restore_district

__all__ = [
    "PLATFORM_PREFIX",
    "BackupError",
    "Restored",
    "backup_district",
    "backup_districts",
    "backup_platform",
    "due_backups",
    "latest_complete_backup",
    "list_backups",
    "nightly_offset",
    "pg_tool",
    "prune_backups",
    "restore_district",
]

"""Backing districts up, keeping the newest, and the nightly schedule (see the package's
docstring for what a backup holds)."""

import gzip
import hashlib
import io
import json
import logging
import secrets
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg2
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from ..models import District, DistrictBackup
from . import stores
from .common import (
    DUMP,
    FORMAT,
    ID_TIME,
    MEDIA,
    PLATFORM_PREFIX,
    SCRIPT,
    SPOOL_MAX,
    BackupError,
    Scope,
    copy_hashing,
    district_prefix,
    explain,
    file_digest,
    identity,
    listing,
    media_names,
    started,
)
from .postgres import count_rows, libpq_params, run_pg

logger = logging.getLogger(__name__)


def backup_district(district, *, dump=None):
    """Back up ``district`` (or the platform, ``District.platform()``): its schema, its media
    files and, last, the manifest that makes the backup complete. Returns the DistrictBackup
    row, complete. On any failure, removes what it stored, records the attempt as failed and
    raises BackupError. ``dump(schema_name, folder)`` writes the schema's part (default: its
    own ``pg_dump``); ``backup_districts`` passes one that takes it from a shared dump."""
    scope = Scope.of(district)
    store = stores.backup_store()
    backup_id = datetime.now(UTC).strftime(ID_TIME) + "-" + secrets.token_hex(3)
    folder = f"{scope.prefix}/{backup_id}"
    with schema_context(get_public_schema_name()):
        record = DistrictBackup.objects.create(
            district=scope.district,
            schema_name=scope.schema_name,
            name=backup_id,
            location=store.location(folder),
        )
    added = []  # media contents this attempt stored
    try:
        manifest = _write_backup(scope, store, folder, record, added, dump or _dump_schema)
        store.put(f"{folder}.json", io.BytesIO(json.dumps(manifest, indent=1).encode()))
    except BaseException as exc:
        # Even on Ctrl-C: what was stored must not outlive the attempt.
        _discard(store, folder, [f"{scope.prefix}/{MEDIA}/{digest}" for digest in added])
        _finish(record, DistrictBackup.Status.FAILED, error=explain(exc))
        if not isinstance(exc, Exception):
            raise
        logger.exception("backup of %s failed", scope.schema_name)
        raise BackupError(
            _("The backup of %(schema)s failed: %(error)s")
            % {"schema": scope.schema_name, "error": explain(exc)}
        ) from exc
    _finish(
        record,
        DistrictBackup.Status.COMPLETE,
        size=manifest["size"],
        table_rows=manifest["database"]["tables"],
    )
    logger.info("backed up %s as %s (%d bytes)", scope.schema_name, backup_id, manifest["size"])
    return record


def backup_districts(districts, *, workers=1, batch=1, on_done=None):
    """Back up each of ``districts`` and apply the retention to its backups; return {code:
    DistrictBackup, or the BackupError it failed with}.

    ``batch`` districts share one ``pg_dump`` (``SharedDump``): pg_dump reads the whole
    catalogue before it dumps anything, which at thousands of schemas costs far more than a
    district's own rows, so one run for many districts pays it once. ``workers`` groups are
    backed up at once, in threads (the time goes to pg_dump and the store, not to Python); each
    thread has its own database connections, closed when its group is done. ``on_done(district,
    outcome)`` is called in the caller's thread as each district finishes."""
    districts = list(districts)
    groups = [districts[start : start + batch] for start in range(0, len(districts), batch)]
    results = {}

    def report(found):
        for district, outcome in found:
            results[district.code] = outcome
            if on_done:
                on_done(district, outcome)

    if workers <= 1:
        for group in groups:
            report(_back_up_group(group, batch, close=False))
        return results
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="backup") as pool:
        futures = [pool.submit(_back_up_group, group, batch, close=True) for group in groups]
        for future in as_completed(futures):
            report(future.result())
    return results


def _back_up_group(group, batch, *, close):
    found = []
    try:
        if batch <= 1:
            for district in group:
                found.append((district, _back_up_and_prune(district, None)))
            return found
        with SharedDump([district.schema_name for district in group]) as shared:
            for district in group:
                found.append((district, _back_up_and_prune(district, shared.extract)))
        return found
    finally:
        if close:
            connections.close_all()  # this thread's connections only


def _back_up_and_prune(district, dump):
    try:
        record = backup_district(district, dump=dump)
    except BackupError as exc:
        return exc
    try:
        prune_backups(district)
    except Exception:
        # The backup is complete; the next one prunes again.
        logger.exception("could not prune the backups of %s", district.schema_name)
    return record


class SharedDump:
    """One ``pg_dump`` of several schemas, and their row counts, in one snapshot; ``extract``
    gives each schema's part.

    A schema's part is the SQL script a restore of its own archive runs (``pg_restore
    --no-owner --no-privileges``), taken from the shared archive with ``pg_restore --schema``,
    which leaves out only the schema's own ``CREATE SCHEMA``: it is put back first. So the
    script is the one a restore of that schema's own dump would replay (tests compare them),
    gzipped. A failed pg_dump fails the backup of every schema of the group."""

    def __init__(self, schema_names):
        self.schema_names = schema_names
        self.error = None
        self.tables = {}

    def __enter__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="srok-backup-shared-")
        self.archive = Path(self._tmp.name) / DUMP
        params = libpq_params()
        try:
            conn = psycopg2.connect(**params)
            try:
                conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
                with conn.cursor() as cursor:
                    cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                    snapshot, self.server_version = cursor.fetchone()
                    for schema in self.schema_names:
                        self.tables[schema] = count_rows(cursor, schema)
                run_pg(
                    "pg_dump",
                    "--format=custom",
                    *(f'--schema="{schema}"' for schema in self.schema_names),
                    "--strict-names",
                    f"--snapshot={snapshot}",
                    f"--file={self.archive}",
                    params=params,
                )
            finally:
                conn.close()
        except Exception as exc:
            self.error = exc
        return self

    def __exit__(self, *exc_info):
        self._tmp.cleanup()

    def extract(self, schema_name, folder):
        if self.error is not None:
            raise self.error
        script = folder / "schema.sql"
        run_pg(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            # An exact name here, where pg_dump takes a pattern.
            f"--schema={schema_name}",
            f"--file={script}",
            str(self.archive),
        )
        path = folder / SCRIPT
        with open(script, "rb") as body, gzip.open(path, "wb") as out:
            out.write(f'CREATE SCHEMA "{schema_name}";\n'.encode())
            shutil.copyfileobj(body, out)
        return _database_entry(path, "sql", self.server_version, self.tables[schema_name])


def backup_platform():
    """Back up the platform's public schema and media (see ``backup_district``)."""
    return backup_district(District.platform())


def _write_backup(scope, store, folder, record, added, dump):
    with tempfile.TemporaryDirectory(prefix="srok-backup-") as tmp:
        database = dump(scope.schema_name, Path(tmp))
        with open(Path(tmp) / database["file"], "rb") as written:
            store.put(f"{folder}/{database['file']}", written)
    media = _copy_media_out(scope, store, added)
    return {
        "format": FORMAT,
        "id": record.name,
        "schema": scope.schema_name,
        "district": identity(scope.district),
        "started_at": record.started_at.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "database": database,
        "media": media,
        "media_added": len(added),
        "size": database["size"] + sum(entry["size"] for entry in media),
    }


def _dump_schema(schema_name, folder):
    """Dump ``schema_name`` into ``folder`` and count its rows, both in one snapshot."""
    path = folder / DUMP
    params = libpq_params()
    conn = psycopg2.connect(**params)
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            tables = count_rows(cursor, schema_name)
        # The snapshot lives as long as this transaction: pg_dump must finish inside it.
        run_pg(
            "pg_dump",
            "--format=custom",
            f'--schema="{schema_name}"',
            "--strict-names",
            f"--snapshot={snapshot}",
            f"--file={path}",
            params=params,
        )
    finally:
        conn.close()
    return _database_entry(path, "custom", server_version, tables)


def _database_entry(path, kind, server_version, tables):
    """The manifest's entry for the database file at ``path`` (a pg_dump archive, "custom", or
    a plain script, "sql"): what a restore checks it against and which tool replays it."""
    size, digest = file_digest(path)
    return {
        "file": path.name,
        "format": kind,
        "size": size,
        "sha256": digest,
        "server_version": server_version,
        "tables": tables,
    }


def _copy_media_out(scope, store, added):
    """Store the contents of the district's media files that the store does not have yet
    (appending each one's sha256 to ``added`` as it is stored); return the manifest's entries.

    Each content is kept once per district, under its sha256 (``MEDIA``/<sha256>), and each
    manifest lists every file with its size and sha256, so a restore gets every file while a
    backup copies only what changed. A file whose size and modification time are those the last
    complete backup recorded is taken to be unchanged and is not read at all; any other file is
    read, hashed and stored unless a file with the same content is already there. Then every
    content the manifest names is checked to be in the store."""
    previous = _previous_media(store, scope.prefix)
    blobs = f"{scope.prefix}/{MEDIA}"
    present = set(store.listing(blobs)[1])
    entries = []
    with schema_context(scope.schema_name):
        for name in media_names():
            size = default_storage.size(name)
            modified = default_storage.get_modified_time(name).isoformat()
            known = previous.get(name)
            if known and (known["size"], known.get("modified")) == (size, modified):
                entries.append(known)
                continue
            with (
                default_storage.open(name, "rb") as source,
                tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX) as staged,
            ):
                size, digest = copy_hashing(source, staged)
                if digest not in present:
                    staged.seek(0)
                    store.put(f"{blobs}/{digest}", staged)
                    present.add(digest)
                    added.append(digest)
            entries.append({"name": name, "size": size, "sha256": digest, "modified": modified})
    stored = set(store.listing(blobs)[1])
    missing = sorted({entry["name"] for entry in entries if entry["sha256"] not in stored})
    if missing:
        raise BackupError(
            _("The backup store lacks the content of %(names)s.") % {"names": ", ".join(missing)}
        )
    return entries


def _previous_media(store, prefix):
    """{name: entry} of the newest complete backup of format 2 under ``prefix``, or {}."""
    _folders, complete = listing(store, prefix)
    for backup_id in reversed(complete):
        manifest = _manifest(store, prefix, backup_id)
        if manifest is not None and manifest.get("format") == FORMAT:
            return {entry["name"]: entry for entry in manifest["media"]}
    return {}


def _manifest(store, prefix, backup_id):
    raw = io.BytesIO()
    try:
        store.get(f"{prefix}/{backup_id}.json", raw)
        return json.loads(raw.getvalue())
    except (FileNotFoundError, ValueError):
        return None


def _discard(store, folder, media_keys):
    try:
        # A manifest whose upload failed may still have arrived: it goes first.
        store.delete(f"{folder}.json")
        store.delete_folder(folder)
        for key in media_keys:
            store.delete(key)
    except Exception:
        # prune_backups removes it later: its id says how old it is.
        logger.exception("could not remove the unfinished backup %s", folder)


def _finish(record, status, *, error="", size=None, table_rows=None):
    record.status = status
    record.finished_at = timezone.now()
    record.error = error
    record.size = size
    record.table_rows = table_rows or {}
    with schema_context(get_public_schema_name()):
        record.save(update_fields=["status", "finished_at", "error", "size", "table_rows"])


# --- retention --------------------------------------------------------------------------------


def prune_backups(district, *, keep=None):
    """Keep the ``keep`` (default BACKUP_KEEP) newest complete backups of ``district`` and
    remove older ones, and remove what backups whose process died left behind. Returns the ids
    removed."""
    keep = settings.BACKUP_KEEP if keep is None else keep
    if keep < 1:
        raise BackupError(_("At least one backup must be kept."))
    scope = Scope.of(district)
    store = stores.backup_store()
    folders, complete = listing(store, scope.prefix)
    stale_before = timezone.now() - timedelta(hours=settings.BACKUP_STALE_HOURS)
    _settle_abandoned(scope, complete, stale_before)

    expired = complete[:-keep]
    for backup_id in expired:
        # The manifest goes first: from then on it is not a backup, whatever happens next.
        store.delete(f"{scope.prefix}/{backup_id}.json")
        store.delete_folder(f"{scope.prefix}/{backup_id}")
    leftovers = [
        backup_id
        for backup_id in folders
        if backup_id not in complete and started(backup_id) < stale_before
    ]
    for backup_id in leftovers:
        store.delete_folder(f"{scope.prefix}/{backup_id}")
    with schema_context(get_public_schema_name()):
        scope.rows().filter(name__in=expired).update(status=DistrictBackup.Status.PRUNED)
        running = scope.rows().filter(
            status=DistrictBackup.Status.RUNNING, started_at__gte=stale_before
        )
        # Contents become unused only when a backup goes (a failed attempt removes its own);
        # and a backup in progress may be counting on contents it found but has not named yet.
        if (expired or leftovers) and not running.exists():
            _remove_unused_media(store, scope.prefix, complete[-keep:])
    return expired + leftovers


def _remove_unused_media(store, prefix, kept):
    """Remove the media contents that no kept backup names."""
    used = set()
    for backup_id in kept:
        manifest = _manifest(store, prefix, backup_id)
        if manifest is None:
            return  # unreadable: better keep everything than lose what it needs
        if manifest.get("format") == FORMAT:
            used |= {entry["sha256"] for entry in manifest["media"]}
    blobs = f"{prefix}/{MEDIA}"
    for digest in set(store.listing(blobs)[1]) - used:
        store.delete(f"{blobs}/{digest}")


def _settle_abandoned(scope, complete, stale_before):
    """Rows still "running" long after they started belong to processes that died."""
    with schema_context(get_public_schema_name()):
        abandoned = scope.rows().filter(
            status=DistrictBackup.Status.RUNNING, started_at__lt=stale_before
        )
        for record in abandoned:
            if record.name in complete:  # died after its manifest was stored, before the row
                record.status = DistrictBackup.Status.COMPLETE
            else:
                record.status = DistrictBackup.Status.FAILED
                record.error = _("Interrupted before it was complete.")
            record.finished_at = timezone.now()
            record.save(update_fields=["status", "error", "finished_at"])


def latest_complete_backup(district):
    """The newest complete DistrictBackup of ``district`` (or of the platform), or None."""
    scope = Scope.of(district)
    with schema_context(get_public_schema_name()):
        return (
            scope.rows()
            .filter(status=DistrictBackup.Status.COMPLETE)
            .order_by("-started_at")
            .first()
        )


def list_backups(code):
    """(id, complete) of every backup of district ``code`` in the store, oldest first."""
    folders, complete = listing(stores.backup_store(), district_prefix(code))
    return [
        (backup_id, backup_id in complete) for backup_id in sorted(set(folders) | set(complete))
    ]


# --- nightly schedule -------------------------------------------------------------------------


def nightly_offset(key):
    """Seconds after the nightly window opens at which ``key`` (a district's code, or
    "platform") is backed up. A hash of the key spreads districts evenly over the window and
    keeps each one's moment fixed, whatever districts are added or removed."""
    window = settings.BACKUP_WINDOW_HOURS * 3600
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % window


def due_backups(now):
    """What the dispatcher woken at ``now`` must queue: (district, countdown in seconds) for
    each active district, and the platform (``District.platform()``), whose moment falls in the
    current dispatch interval of tonight's window. Outside the window, nothing."""
    local = now.astimezone(ZoneInfo(settings.CELERY_TIMEZONE))
    opens = local.replace(hour=settings.BACKUP_WINDOW_START_HOUR, minute=0, second=0, microsecond=0)
    if opens > local:
        opens -= timedelta(days=1)
    elapsed = (local - opens).total_seconds()
    if elapsed >= settings.BACKUP_WINDOW_HOURS * 3600:
        return []
    interval = settings.BACKUP_DISPATCH_MINUTES * 60
    # Whole intervals, so a dispatcher woken a little late still finds its districts.
    current = int(elapsed // interval)
    with schema_context(get_public_schema_name()):
        active = list(District.objects.filter(status=District.Status.ACTIVE))
    candidates = [(PLATFORM_PREFIX, District.platform())]
    candidates += [(district.code, district) for district in active]
    due = []
    for key, district in candidates:
        offset = nightly_offset(key)
        if offset // interval == current:
            due.append((district, max(0, round(offset - elapsed))))
    return due

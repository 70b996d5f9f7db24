"""Per-district backups and restores.

A backup of a district is, in the backup store (S3 when BACKUP_BUCKET is set, else files under
BACKUP_DIR), under ``districts/<code>/<id>/``:

    schema.dump     ``pg_dump -Fc`` of the district's schema
    media/<name>    each of its media files

and beside that folder ``districts/<code>/<id>.json``, the manifest: what the district was, the
dump's size and sha256, the rows of every table and each media file's size and sha256. The
manifest is written last and is the only mark of completeness: a backup without one (failed,
interrupted, or still running) is never listed or restored. A failing backup removes what it
stored; one whose process died is removed by ``prune_backups`` once it is older than
BACKUP_STALE_HOURS (its id starts with the time it started). The manifest sits beside the folder,
not in it, so one listing of ``districts/<code>/`` tells complete backups from the rest. The
platform's public schema and media are backed up the same way under ``platform/``.

Row counts are taken in the very snapshot pg_dump reads (``pg_export_snapshot``), so a restore
can check that it got exactly what was dumped.

A restore never edits SQL text: the archive is replayed, in one transaction, into a schema of
its original name after moving any live schema of that name aside, and the result is renamed to a
temporary name before the live one is put back. Once checked against the manifest, the temporary
schema takes the target's name in one more transaction, so the district changes all at once.
"""

import hashlib
import io
import json
import logging
import os
import posixpath
import re
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg2
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from psycopg2 import sql

from . import actions, gazetteer
from .models import District, DistrictBackup, Domain
from .pg_binaries import pg_binary
from .signals import district_restored

logger = logging.getLogger(__name__)

FORMAT = 1
DUMP = "schema.dump"
PLATFORM_PREFIX = "platform"
CHUNK = 1024 * 1024
# Media files up to this size are staged in memory on their way to the store, larger ones on disk.
SPOOL_MAX = 8 * CHUNK
# Ids sort in the order backups started (UTC, to the microsecond) and say when that was.
_ID_TIME = "%Y%m%dT%H%M%S%fZ"
_BACKUP_ID = re.compile(r"^\d{8}T\d{12}Z-[0-9a-f]{6}$")
# Schema names come from a manifest, i.e. from outside: only plain ones reach SQL text.
_PLAIN_SCHEMA = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_LIBPQ_ENV = {
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "service": "PGSERVICE",
}


class BackupError(Exception):
    """A backup or restore that could not be done. The message is for whoever asked for it."""


@dataclass(frozen=True)
class Restored:
    district: District
    backup_id: str
    tables: int
    media_files: int


# --- backing up -------------------------------------------------------------------------------


def backup_district(district):
    """Back up ``district`` (or the platform, ``District.platform()``): its schema, its media
    files and, last, the manifest that makes the backup complete. Returns the DistrictBackup
    row, complete. On any failure, removes what it stored, records the attempt as failed and
    raises BackupError."""
    scope = _Scope.of(district)
    store = _store()
    backup_id = datetime.now(UTC).strftime(_ID_TIME) + "-" + secrets.token_hex(3)
    folder = f"{scope.prefix}/{backup_id}"
    with schema_context(get_public_schema_name()):
        record = DistrictBackup.objects.create(
            district=scope.district,
            schema_name=scope.schema_name,
            name=backup_id,
            location=store.location(folder),
        )
    try:
        manifest = _write_backup(scope, store, folder, record)
        store.put(f"{folder}.json", io.BytesIO(json.dumps(manifest, indent=1).encode()))
    except BaseException as exc:
        # Even on Ctrl-C: what was stored must not outlive the attempt.
        _discard(store, folder)
        _finish(record, DistrictBackup.Status.FAILED, error=_explain(exc))
        if not isinstance(exc, Exception):
            raise
        logger.exception("backup of %s failed", scope.schema_name)
        raise BackupError(
            _("The backup of %(schema)s failed: %(error)s")
            % {"schema": scope.schema_name, "error": _explain(exc)}
        ) from exc
    _finish(
        record,
        DistrictBackup.Status.COMPLETE,
        size=manifest["size"],
        table_rows=manifest["database"]["tables"],
    )
    logger.info("backed up %s as %s (%d bytes)", scope.schema_name, backup_id, manifest["size"])
    return record


def backup_platform():
    """Back up the platform's public schema and media (see ``backup_district``)."""
    return backup_district(District.platform())


def _write_backup(scope, store, folder, record):
    with tempfile.TemporaryDirectory(prefix="srok-backup-") as tmp:
        dump_path = Path(tmp) / DUMP
        database = _dump_schema(scope.schema_name, dump_path)
        with open(dump_path, "rb") as dump:
            store.put(f"{folder}/{DUMP}", dump)
    media = _copy_media_out(scope.schema_name, store, f"{folder}/media")
    return {
        "format": FORMAT,
        "id": record.name,
        "schema": scope.schema_name,
        "district": _identity(scope.district),
        "started_at": record.started_at.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "database": database,
        "media": media,
        "size": database["size"] + sum(entry["size"] for entry in media),
    }


def _dump_schema(schema_name, path):
    """Dump ``schema_name`` to ``path`` and count its rows, both in one snapshot."""
    params = _libpq_params()
    conn = psycopg2.connect(**params)
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            tables = _count_rows(cursor, schema_name)
        # The snapshot lives as long as this transaction: pg_dump must finish inside it.
        _run_pg(
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
    size, digest = _file_digest(path)
    return {
        "file": DUMP,
        "size": size,
        "sha256": digest,
        "server_version": server_version,
        "tables": tables,
    }


def _copy_media_out(schema_name, store, prefix):
    entries = []
    with schema_context(schema_name):
        for name in _media_names():
            with (
                default_storage.open(name, "rb") as source,
                tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX) as staged,
            ):
                size, digest = _copy_hashing(source, staged)
                staged.seek(0)
                store.put(f"{prefix}/{name}", staged)
            entries.append({"name": name, "size": size, "sha256": digest})
    return entries


def _discard(store, folder):
    try:
        # A manifest whose upload failed may still have arrived: it goes first.
        store.delete(f"{folder}.json")
        store.delete_folder(folder)
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
    scope = _Scope.of(district)
    store = _store()
    folders, complete = _listing(store, scope.prefix)
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
        if backup_id not in complete and _started(backup_id) < stale_before
    ]
    for backup_id in leftovers:
        store.delete_folder(f"{scope.prefix}/{backup_id}")
    with schema_context(get_public_schema_name()):
        scope.rows().filter(name__in=expired).update(status=DistrictBackup.Status.PRUNED)
    return expired + leftovers


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
    scope = _Scope.of(district)
    with schema_context(get_public_schema_name()):
        return (
            scope.rows()
            .filter(status=DistrictBackup.Status.COMPLETE)
            .order_by("-started_at")
            .first()
        )


def list_backups(code):
    """(id, complete) of every backup of district ``code`` in the store, oldest first."""
    folders, complete = _listing(_store(), _district_prefix(code))
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


# --- restoring --------------------------------------------------------------------------------


def restore_district(code, *, backup="latest", into=None, domain=None, slug=None):
    """Restore backup ``backup`` (an id, or "latest") of district ``code``.

    Without ``into``, into the same district: its schema is replaced at once and its media
    become the backup's. With ``into`` (a gazetteer code no district has) and ``domain``, into a
    new district of that code (``slug`` defaults to the domain's first label), created through
    ``tenants.actions``. The dump and every media file are checked against the manifest before
    anything changes, and the restored tables against the manifest's row counts before the
    schema goes live. Returns a ``Restored``; raises BackupError, changing nothing, on a missing
    or broken backup or bad input."""
    existing, slug = _check_request(code, into, domain, slug)
    store = _store()
    prefix = _district_prefix(code)
    manifest = _read_manifest(store, prefix, code, backup)
    names = {entry["name"] for entry in manifest["media"]}
    with tempfile.TemporaryDirectory(prefix="srok-restore-") as tmp:
        dump_path, media_dir = _stage(store, f"{prefix}/{manifest['id']}", manifest, Path(tmp))
        temp_schema = _load_into_temp_schema(dump_path, manifest["schema"], Path(tmp))
        try:
            _check_rows(temp_schema, manifest["database"]["tables"])
            # A backup older than the code's last migration comes back migrated.
            call_command("migrate_schemas", schema_name=temp_schema, interactive=False, verbosity=0)
            target = existing if into is None else _create_district(into, domain, slug)
            try:
                _copy_media_in(target.schema_name, media_dir, manifest["media"])
                _swap_schema(temp_schema, target.schema_name)
            except BaseException:
                if into is not None:
                    _remove_created(target)
                raise
        finally:
            _drop_schema(temp_schema)
    _remove_media_except(target.schema_name, names)
    with tenant_context(target):
        district_restored.send(sender=District, district=target)
    logger.info("restored %s of %s into %s", manifest["id"], code, target.schema_name)
    return Restored(
        district=target,
        backup_id=manifest["id"],
        tables=len(manifest["database"]["tables"]),
        media_files=len(names),
    )


def _check_request(code, into, domain, slug):
    """The district to restore into (None for a new one) and the new one's slug; bad input is
    refused here, before any work."""
    with schema_context(get_public_schema_name()):
        if into is None:
            existing = District.objects.filter(code=code).first()
            if existing is None:
                raise BackupError(_("No district has the code %(code)s.") % {"code": code})
            return existing, slug
        if gazetteer.district(into) is None:
            raise BackupError(_("No district has the code %(code)s.") % {"code": into})
        if District.objects.filter(code=into).exists():
            raise BackupError(
                _("District %(code)s already exists: restore into it without a new code.")
                % {"code": into}
            )
        if not domain:
            raise BackupError(_("A new district needs a domain."))
        slug = slug or domain.split(".", 1)[0].replace("_", "-")
        if Domain.objects.filter(domain=domain.lower()).exists():
            raise BackupError(
                _("The domain %(domain)s already belongs to a district.") % {"domain": domain}
            )
        if District.objects.filter(slug=slug).exists():
            raise BackupError(
                _("The short name %(slug)s is taken: give the new district another.")
                % {"slug": slug}
            )
    return None, slug


def _read_manifest(store, prefix, code, backup):
    folders, complete = _listing(store, prefix)
    if backup == "latest":
        if not complete:
            raise BackupError(_("District %(code)s has no complete backup.") % {"code": code})
        backup = complete[-1]
    elif backup not in complete:
        if backup in folders:
            raise BackupError(
                _("Backup %(id)s of district %(code)s is incomplete and cannot be restored.")
                % {"id": backup, "code": code}
            )
        raise BackupError(
            _("District %(code)s has no backup %(id)s.") % {"id": backup, "code": code}
        )
    raw = io.BytesIO()
    store.get(f"{prefix}/{backup}.json", raw)
    try:
        manifest = json.loads(raw.getvalue())
        valid = (
            manifest["format"] == FORMAT
            and manifest["id"] == backup
            and _PLAIN_SCHEMA.match(manifest["schema"])
            and manifest["schema"] != get_public_schema_name()
            and isinstance(manifest["database"]["tables"], dict)
            and all(_safe_media_name(entry["name"]) for entry in manifest["media"])
        )
    except (ValueError, KeyError, TypeError):
        valid = False
    if not valid:
        raise BackupError(_("The manifest of backup %(id)s cannot be read.") % {"id": backup})
    return manifest


def _stage(store, folder, manifest, tmp):
    """Fetch the dump and every media file, refusing any that differs from the manifest."""
    dump_path = tmp / DUMP
    _fetch_checked(store, f"{folder}/{DUMP}", dump_path, manifest["database"], DUMP, manifest)
    media_dir = tmp / "media"
    for entry in manifest["media"]:
        path = media_dir / entry["name"]
        path.parent.mkdir(parents=True, exist_ok=True)
        _fetch_checked(
            store, f"{folder}/media/{entry['name']}", path, entry, entry["name"], manifest
        )
    return dump_path, media_dir


def _fetch_checked(store, key, path, expected, label, manifest):
    try:
        with open(path, "wb") as out:
            store.get(key, out)
    except FileNotFoundError as exc:
        raise BackupError(
            _("Backup %(id)s is missing %(name)s.") % {"id": manifest["id"], "name": label}
        ) from exc
    if _file_digest(path) != (expected["size"], expected["sha256"]):
        raise BackupError(
            _("%(name)s in backup %(id)s is damaged: it does not match its checksum.")
            % {"id": manifest["id"], "name": label}
        )


def _load_into_temp_schema(dump_path, source_schema, tmp):
    """Replay the archive into a new schema with a temporary name; return that name."""
    temp_schema = f"srok_restore_{secrets.token_hex(4)}"
    held = f"srok_held_{secrets.token_hex(4)}"
    script = tmp / "schema.sql"
    try:
        _run_pg("pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(dump_path))
    except _ToolFailed as exc:
        raise BackupError(
            _("The backup's database archive cannot be read: %(error)s") % {"error": exc}
        ) from exc
    live = _schema_exists(source_schema)
    # The archive creates its schema under the name it was dumped from. Within one
    # transaction a live schema of that name steps aside and comes back; other sessions,
    # which see only committed names, keep using it throughout.
    before = [f'ALTER SCHEMA "{source_schema}" RENAME TO "{held}";'] if live else []
    after = [f'ALTER SCHEMA "{source_schema}" RENAME TO "{temp_schema}";']
    after += [f'ALTER SCHEMA "{held}" RENAME TO "{source_schema}";'] if live else []
    arguments = ["--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction"]
    for statement in before:
        arguments += ["--command", statement]
    arguments += ["--file", str(script)]
    for statement in after:
        arguments += ["--command", statement]
    try:
        _run_pg("psql", *arguments)
    except _ToolFailed as exc:
        raise BackupError(
            _("The backup's database could not be restored: %(error)s") % {"error": exc}
        ) from exc
    return temp_schema


def _check_rows(schema_name, expected):
    with schema_context(get_public_schema_name()), connection.cursor() as cursor:
        actual = _count_rows(cursor, schema_name)
    if actual != expected:
        differing = sorted(
            table
            for table in set(actual) | set(expected)
            if actual.get(table) != expected.get(table)
        )
        raise BackupError(
            _("The restored tables do not match the backup's manifest: %(tables)s.")
            % {"tables": ", ".join(differing)}
        )


def _create_district(code, domain, slug):
    try:
        return actions.create_district(code=code, slug=slug, domains=[domain])
    except (ValidationError, IntegrityError) as exc:
        detail = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        raise BackupError(
            _("The new district could not be created: %(error)s") % {"error": detail}
        ) from exc


def _remove_created(district):
    """Undo a district this restore created before it could receive the backup."""
    with schema_context(get_public_schema_name()):
        with schema_context(district.schema_name):
            _delete_media(_media_names())
        district.delete(force_drop=True)


def _copy_media_in(schema_name, media_dir, entries):
    with schema_context(schema_name):
        for entry in entries:
            name = entry["name"]
            if default_storage.exists(name):
                default_storage.delete(name)
            with open(media_dir / name, "rb") as staged:
                saved = default_storage.save(name, File(staged, name=name))
            if saved != name:
                raise BackupError(
                    _("The media file %(name)s could not be restored under its own name.")
                    % {"name": name}
                )


def _remove_media_except(schema_name, keep):
    with schema_context(schema_name):
        _delete_media([name for name in _media_names() if name not in keep])


def _delete_media(names):
    for name in names:
        default_storage.delete(name)


def _swap_schema(temp_schema, target_schema):
    """Put the restored schema in the target's place in one transaction, then drop the old."""
    replaced = f"srok_replaced_{secrets.token_hex(4)}"
    live = _schema_exists(target_schema)
    with schema_context(get_public_schema_name()):
        with transaction.atomic(), connection.cursor() as cursor:
            if live:
                cursor.execute(_rename(target_schema, replaced))
            cursor.execute(_rename(temp_schema, target_schema))
    if live:
        _drop_schema(replaced)


def _rename(old, new):
    return sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(sql.Identifier(old), sql.Identifier(new))


def _drop_schema(schema_name):
    with schema_context(get_public_schema_name()), connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema_name))
        )


def _schema_exists(schema_name):
    with schema_context(get_public_schema_name()), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema_name])
        return cursor.fetchone() is not None


# --- shared pieces ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scope:
    """What one backup covers: a district, or the platform (``district`` None)."""

    schema_name: str
    prefix: str
    district: District | None

    @classmethod
    def of(cls, district):
        if district.is_platform:
            return cls(get_public_schema_name(), PLATFORM_PREFIX, None)
        return cls(district.schema_name, _district_prefix(district.code), district)

    def rows(self):
        if self.district is None:
            return DistrictBackup.objects.filter(
                district=None, schema_name=get_public_schema_name()
            )
        return DistrictBackup.objects.filter(district=self.district)


def _district_prefix(code):
    return f"districts/{code}"


def _identity(district):
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


def _listing(store, prefix):
    """(every backup folder, the ids of complete backups oldest first) under ``prefix``."""
    folders, files = store.listing(prefix)
    complete = sorted(name[:-5] for name in files if name.endswith(".json"))
    return (
        [name for name in folders if _BACKUP_ID.match(name)],
        [name for name in complete if _BACKUP_ID.match(name)],
    )


def _started(backup_id):
    return datetime.strptime(backup_id.split("-")[0], _ID_TIME).replace(tzinfo=UTC)


def _count_rows(cursor, schema_name):
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname",
        [schema_name],
    )
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema_name, table))
        )
        counts[table] = cursor.fetchone()[0]
    return counts


def _media_names():
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


def _safe_media_name(name):
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and ".." not in parts and "" not in parts


def _copy_hashing(source, target):
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        target.write(chunk)
    return size, digest.hexdigest()


def _file_digest(path):
    with open(path, "rb") as fh:
        return os.fstat(fh.fileno()).st_size, hashlib.file_digest(fh, "sha256").hexdigest()


def _explain(exc):
    return str(exc) or exc.__class__.__name__


# --- PostgreSQL tools -------------------------------------------------------------------------


class _ToolFailed(Exception):
    pass


def pg_tool(program):
    """The path of PostgreSQL's ``program`` (pg_dump, pg_restore, psql) that backups run."""
    # pgserver's own tools (PostgreSQL 16) ship with the project, so every machine runs the same
    # pg_dump whatever its system packages: it reads the embedded server and any server given
    # by DATABASE_URL up to version 16 (CI's is 15), and its archives restore with its own
    # pg_restore and psql. A production server newer than 16 needs its own tools:
    # BACKUP_PG_BIN_DIR names their folder.
    if settings.BACKUP_PG_BIN_DIR:
        return str(Path(settings.BACKUP_PG_BIN_DIR) / program)
    return pg_binary(program)


def _libpq_params():
    """Connection parameters of the default database, in libpq's names."""
    settings_dict = connections["default"].settings_dict
    params = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"],
        **settings_dict.get("OPTIONS", {}),
    }
    return {
        key: str(value)
        for key, value in params.items()
        if key in _LIBPQ_ENV and value not in (None, "")
    }


def _run_pg(program, *arguments, params=None):
    # Through the environment, not the command line, where any local user could read a password.
    # On the embedded server HOST is its socket folder, where postgres may connect without one.
    params = params or _libpq_params()
    env = {**os.environ, "PGAPPNAME": f"srok-{program}"}
    env.update({_LIBPQ_ENV[key]: value for key, value in params.items()})
    result = subprocess.run(
        [pg_tool(program), *arguments],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        # Its own messages name it ("pg_dump: error: ..."); keep the end, where the cause is.
        message = result.stderr.strip()[-2000:]
        raise _ToolFailed(message or f"{program} exited with status {result.returncode}")


# --- backup stores ----------------------------------------------------------------------------


def _store():
    if settings.BACKUP_BUCKET:
        return _S3Store(settings.BACKUP_BUCKET)
    return _DiskStore(Path(settings.BACKUP_DIR))


class _DiskStore:
    """Backups as files under BACKUP_DIR. Each file is written aside and renamed into place, so
    a file that exists is whole."""

    def __init__(self, root):
        self.root = root

    def location(self, key):
        return str(self.root / key)

    def put(self, key, fileobj):
        path = self.root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with open(partial, "wb") as out:
            shutil.copyfileobj(fileobj, out, CHUNK)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)

    def get(self, key, fileobj):
        with open(self.root / key, "rb") as source:
            shutil.copyfileobj(source, fileobj, CHUNK)

    def listing(self, prefix):
        try:
            entries = list(os.scandir(self.root / prefix))
        except FileNotFoundError:
            return [], []
        folders = sorted(entry.name for entry in entries if entry.is_dir())
        files = sorted(entry.name for entry in entries if entry.is_file())
        return folders, files

    def delete(self, key):
        (self.root / key).unlink(missing_ok=True)

    def delete_folder(self, prefix):
        shutil.rmtree(self.root / prefix, ignore_errors=True)


class _S3Store:
    """Backups as objects in BACKUP_BUCKET. Each object is stored whole or not at all."""

    def __init__(self, bucket):
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.client = boto3.client(
            "s3",
            endpoint_url=settings.BACKUP_S3_ENDPOINT_URL,
            region_name=settings.BACKUP_S3_REGION_NAME,
            aws_access_key_id=settings.BACKUP_ACCESS_KEY_ID,
            aws_secret_access_key=settings.BACKUP_SECRET_ACCESS_KEY,
            config=Config(
                s3={"addressing_style": settings.BACKUP_S3_ADDRESSING_STYLE},
                retries={"mode": "standard"},
            ),
        )

    def location(self, key):
        return f"s3://{self.bucket}/{key}"

    def put(self, key, fileobj):
        self.client.upload_fileobj(fileobj, self.bucket, key)

    def get(self, key, fileobj):
        from botocore.exceptions import ClientError

        try:
            self.client.download_fileobj(self.bucket, key, fileobj)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                raise FileNotFoundError(key) from exc
            raise

    def listing(self, prefix):
        folders, files = [], []
        start = len(prefix) + 1
        for page in self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix + "/", Delimiter="/"
        ):
            folders += [entry["Prefix"][start:-1] for entry in page.get("CommonPrefixes", ())]
            files += [entry["Key"][start:] for entry in page.get("Contents", ())]
        return sorted(folders), sorted(files)

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def delete_folder(self, prefix):
        for page in self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix + "/"
        ):
            keys = [{"Key": entry["Key"]} for entry in page.get("Contents", ())]
            if keys:
                self.client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True}
                )

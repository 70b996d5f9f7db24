"""Restoring a district's backup, into itself or into a new district (see the package's
docstring for how a restore stays all or nothing)."""

import gzip
import io
import json
import logging
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from .. import actions, gazetteer
from ..models import District, Domain
from ..signals import district_restored
from . import stores
from .common import (
    DUMP,
    PLAIN_SCHEMA,
    READABLE_FORMATS,
    SCRIPT,
    SHA256,
    BackupError,
    district_prefix,
    file_digest,
    listing,
    media_key,
    media_names,
    safe_media_name,
)
from .postgres import ToolFailed, count_rows, drop_schema, rename_sql, run_pg, schema_exists

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Restored:
    district: District
    backup_id: str
    tables: int
    media_files: int


def restore_district(
    code, *, backup="latest", into=None, domain=None, slug=None, with_officers=False
):
    """Restore backup ``backup`` (an id, or "latest") of district ``code``.

    Without ``into``, into the same district: its schema is replaced at once and its media
    become the backup's. With ``into`` (a gazetteer code no district has) and ``domain``, into a
    new district of that code (``slug`` defaults to the domain's first label), created through
    ``tenants.actions``, **suspended**: a copy made to look at old data is not a public site,
    and gets no certificate, until a provincial admin resumes it. Its officer accounts (the
    source's, copied with the rest) can no longer log in and its sessions are gone, unless
    ``with_officers``. The dump and every media file are checked against the manifest before
    anything changes, and the restored tables against the manifest's row counts before the
    schema goes live. Returns a ``Restored``; raises BackupError, changing nothing, on a missing
    or broken backup or bad input."""
    existing, slug = _check_request(code, into, domain, slug)
    store = stores.backup_store()
    prefix = district_prefix(code)
    manifest = _read_manifest(store, prefix, code, backup)
    names = {entry["name"] for entry in manifest["media"]}
    with tempfile.TemporaryDirectory(prefix="srok-restore-") as tmp:
        dump_path, media_dir = _stage(store, prefix, manifest, Path(tmp))
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
            drop_schema(temp_schema)
    _remove_media_except(target.schema_name, names)
    if into is not None and not with_officers:
        _retire_officers(target)
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
    folders, complete = listing(store, prefix)
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
            manifest["format"] in READABLE_FORMATS
            and manifest["id"] == backup
            and PLAIN_SCHEMA.match(manifest["schema"])
            and manifest["schema"] != get_public_schema_name()
            and isinstance(manifest["database"]["tables"], dict)
            and manifest["database"].get("file", DUMP) in (DUMP, SCRIPT)
            and all(safe_media_name(entry["name"]) for entry in manifest["media"])
            # Format 2 names each content by its sha256, which becomes part of a key.
            and (
                manifest["format"] == 1
                or all(SHA256.match(entry["sha256"]) for entry in manifest["media"])
            )
        )
    except (ValueError, KeyError, TypeError):
        valid = False
    if not valid:
        raise BackupError(_("The manifest of backup %(id)s cannot be read.") % {"id": backup})
    return manifest


def _stage(store, prefix, manifest, tmp):
    """Fetch the dump and every media file, refusing any that differs from the manifest."""
    part = manifest["database"].get("file", DUMP)
    dump_path = tmp / part
    dump_key = f"{prefix}/{manifest['id']}/{part}"
    _fetch_checked(store, dump_key, dump_path, manifest["database"], part, manifest)
    media_dir = tmp / "media"
    for entry in manifest["media"]:
        path = media_dir / entry["name"]
        path.parent.mkdir(parents=True, exist_ok=True)
        key = media_key(prefix, manifest, entry)
        _fetch_checked(store, key, path, entry, entry["name"], manifest)
    return dump_path, media_dir


def _fetch_checked(store, key, path, expected, label, manifest):
    try:
        with open(path, "wb") as out:
            store.get(key, out)
    except FileNotFoundError as exc:
        raise BackupError(
            _("Backup %(id)s is missing %(name)s.") % {"id": manifest["id"], "name": label}
        ) from exc
    if file_digest(path) != (expected["size"], expected["sha256"]):
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
        if dump_path.name == SCRIPT:  # already the script (backup.SharedDump)
            with gzip.open(dump_path, "rb") as packed, open(script, "wb") as out:
                shutil.copyfileobj(packed, out)
        else:
            run_pg(
                "pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(dump_path)
            )
    except (ToolFailed, OSError, EOFError) as exc:
        raise BackupError(
            _("The backup's database archive cannot be read: %(error)s") % {"error": exc}
        ) from exc
    live = schema_exists(source_schema)
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
        run_pg("psql", *arguments)
    except ToolFailed as exc:
        raise BackupError(
            _("The backup's database could not be restored: %(error)s") % {"error": exc}
        ) from exc
    return temp_schema


def _check_rows(schema_name, expected):
    with schema_context(get_public_schema_name()), connection.cursor() as cursor:
        actual = count_rows(cursor, schema_name)
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


def _retire_officers(district):
    """The copy keeps its officers' names (their work refers to them), but no account of it
    can log in and no session of the source's is valid there."""
    with schema_context(district.schema_name), transaction.atomic():
        get_user_model().objects.update(is_active=False, password=make_password(None))
        Session.objects.all().delete()


def _create_district(code, domain, slug):
    try:
        return actions.create_district(
            code=code, slug=slug, domains=[domain], status=District.Status.SUSPENDED
        )
    except (ValidationError, IntegrityError) as exc:
        detail = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        raise BackupError(
            _("The new district could not be created: %(error)s") % {"error": detail}
        ) from exc


def _remove_created(district):
    """Undo a district this restore created before it could receive the backup."""
    with schema_context(get_public_schema_name()):
        with schema_context(district.schema_name):
            _delete_media(media_names())
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
        _delete_media([name for name in media_names() if name not in keep])


def _delete_media(names):
    for name in names:
        default_storage.delete(name)


def _swap_schema(temp_schema, target_schema):
    """Put the restored schema in the target's place in one transaction, then drop the old."""
    replaced = f"srok_replaced_{secrets.token_hex(4)}"
    live = schema_exists(target_schema)
    with schema_context(get_public_schema_name()):
        with transaction.atomic(), connection.cursor() as cursor:
            if live:
                cursor.execute(rename_sql(target_schema, replaced))
            cursor.execute(rename_sql(temp_schema, target_schema))
    if live:
        drop_schema(replaced)

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tenants import backups
from tenants.models import District


class Command(BaseCommand):
    help = (
        "Restore a district from one of its backups: into the same district, whose schema and "
        "media are replaced, or with --into and --domain into a new district, created suspended "
        "and with the copied officer accounts unable to log in (unless --with-officers). The "
        "backup is checked (checksums, row counts) before the district changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="NCDD code of the district whose backup to restore")
        parser.add_argument("--backup", help='the backup\'s id, or "latest"')
        parser.add_argument("--into", metavar="CODE", help="create a new district with this code")
        parser.add_argument("--domain", help="the new district's domain (with --into)")
        parser.add_argument("--slug", help="the new district's short name (default: from --domain)")
        parser.add_argument(
            "--with-officers",
            action="store_true",
            help="with --into: the new district's officer accounts (the source's) keep working",
        )
        parser.add_argument("--list", action="store_true", help="list the district's backups")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask before replacing a district's data",
        )

    def handle(
        self, *args, code, backup, into, domain, slug, with_officers, list, interactive, **options
    ):
        if list:
            found = backups.list_backups(code)
            for backup_id, complete in found:
                self.stdout.write(f"{backup_id}  {_('complete') if complete else _('incomplete')}")
            if not found:
                self.stdout.write(_("District %(code)s has no backups.") % {"code": code})
            return
        if not backup:
            raise CommandError(_("Say which backup to restore: --backup <id> or --backup latest."))
        if bool(into) != bool(domain):
            raise CommandError(_("--into and --domain go together: a new district needs both."))
        # Only a district that exists can lose anything; for any other the action explains.
        if interactive and not into and District.objects.filter(code=code).exists():
            answer = input(
                _("This replaces every page, account and file of district %(code)s. Type yes: ")
                % {"code": code}
            )
            if answer.strip().lower() != "yes":
                raise CommandError(_("Restore cancelled."))
        try:
            restored = backups.restore_district(
                code,
                backup=backup,
                into=into,
                domain=domain,
                slug=slug,
                with_officers=with_officers,
            )
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Restored backup %(id)s of %(code)s into %(schema)s: %(tables)d tables and "
                "%(files)d media files checked."
            )
            % {
                "id": restored.backup_id,
                "code": code,
                "schema": restored.district.schema_name,
                "tables": restored.tables,
                "files": restored.media_files,
            }
        )

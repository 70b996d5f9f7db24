from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from tenants import backups
from tenants.models import District


class Command(BaseCommand):
    help = (
        "Back up districts (schema, media files and manifest) to the backup store, then remove "
        "backups beyond the retention (BACKUP_KEEP). Exits non-zero if any backup failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", metavar="code", help="NCDD code of a district")
        parser.add_argument("--all", action="store_true", help="every active district")
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.BACKUP_WORKERS,
            help="districts backed up at once (default: BACKUP_WORKERS, %(default)s)",
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=settings.BACKUP_BATCH,
            help="districts sharing one pg_dump (default: BACKUP_BATCH, %(default)s; 1: each "
            "its own)",
        )

    def handle(self, *args, codes, all, workers, batch, **options):
        if bool(codes) == all:
            raise CommandError(_("Give one or more district codes, or --all."))
        if all:
            districts = list(District.objects.filter(status=District.Status.ACTIVE))
        else:
            found = {
                district.code: district for district in District.objects.filter(code__in=codes)
            }
            for code in codes:
                if code not in found:
                    raise CommandError(_("No district has the code %(code)s.") % {"code": code})
            districts = [found[code] for code in codes]
        results = backups.backup_districts(
            districts, workers=max(1, workers), batch=max(1, batch), on_done=self._report
        )
        failed = [code for code, outcome in results.items() if not _succeeded(outcome)]
        if failed:
            raise CommandError(_("Backups failed for: %(codes)s.") % {"codes": ", ".join(failed)})

    def _report(self, district, outcome):
        if _succeeded(outcome):
            self.stdout.write(describe(outcome))
        else:
            self.stderr.write(str(outcome))


def _succeeded(outcome):
    return not isinstance(outcome, backups.BackupError)


def describe(record):
    seconds = (record.finished_at - record.started_at).total_seconds()
    return _("%(schema)s backed up as %(id)s: %(size)s in %(seconds).1f s, at %(location)s") % {
        "schema": record.schema_name,
        "id": record.name,
        "size": filesizeformat(record.size),
        "seconds": seconds,
        "location": record.location,
    }

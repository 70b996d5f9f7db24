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

    def handle(self, *args, codes, all, **options):
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
        failed = [district.code for district in districts if not self._back_up(district)]
        if failed:
            raise CommandError(_("Backups failed for: %(codes)s.") % {"codes": ", ".join(failed)})

    def _back_up(self, district):
        try:
            record = backups.backup_district(district)
        except backups.BackupError as exc:
            self.stderr.write(str(exc))
            return False
        backups.prune_backups(district)
        self.stdout.write(describe(record))
        return True


def describe(record):
    seconds = (record.finished_at - record.started_at).total_seconds()
    return _("%(schema)s backed up as %(id)s: %(size)s in %(seconds).1f s, at %(location)s") % {
        "schema": record.schema_name,
        "id": record.name,
        "size": filesizeformat(record.size),
        "seconds": seconds,
        "location": record.location,
    }

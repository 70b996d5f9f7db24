from django.core.management.base import BaseCommand, CommandError

from tenants import backups
from tenants.models import District

from .backup_district import describe


class Command(BaseCommand):
    help = (
        "Back up the platform's public schema (districts, domains, provincial accounts, backup "
        "records) and its media to the backup store, then apply the retention."
    )

    def handle(self, *args, **options):
        try:
            record = backups.backup_platform()
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        backups.prune_backups(District.platform())
        self.stdout.write(describe(record))

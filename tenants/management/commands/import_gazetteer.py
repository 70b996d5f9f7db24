from django.core.management.base import BaseCommand, CommandError

from tenants.gazetteer import DATA_DIR
from tenants.gazetteer.importer import GazetteerError, import_gazetteer


class Command(BaseCommand):
    help = (
        "Import Cambodia's NCDD gazetteer (provinces, districts, communes, villages). Adds new "
        "units and renames changed ones; onboarded districts are not touched. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            default=str(DATA_DIR),
            help="folder with provinces.yml, districts.yml, communes.yml, villages.yml "
            "(default: the snapshot shipped with Srok)",
        )

    def handle(self, *args, source, **options):
        def progress(level, report):
            self.stdout.write(
                f"{level:<10} {report.added[level]:>6} added  {report.changed[level]:>6} changed  "
                f"{report.unchanged[level]:>6} unchanged"
            )

        try:
            import_gazetteer(source, progress=progress if options["verbosity"] else None)
        except GazetteerError as exc:
            raise CommandError(f"Nothing was imported: {exc}") from exc

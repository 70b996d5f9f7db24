import time

from django.core.management.base import BaseCommand, CommandError

from tenants import outbox


class Command(BaseCommand):
    help = (
        "Send the background tasks that waited in the outbox while the broker was away. "
        "Beat does this every minute; run it by hand after an outage, or with --every to keep "
        "relaying."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=float, metavar="SECONDS", help="relay again after this many seconds"
        )

    def handle(self, *args, every=None, **options):
        while True:
            sent, waiting = outbox.relay()
            self.stdout.write(f"{sent} sent, {waiting} waiting")
            if every is None:
                if waiting:
                    raise CommandError(f"the broker did not take every task: {waiting} waiting")
                return
            time.sleep(every)

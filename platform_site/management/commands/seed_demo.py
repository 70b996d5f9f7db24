from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from platform_site import demo


class Command(BaseCommand):
    help = "Create the demo platform (three districts, demo accounts). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port printed in the URLs")
        parser.add_argument(
            "--totp", action="store_true", help="only print the demo admin's current TOTP code"
        )

    def handle(self, *args, port, totp, **options):
        if not settings.DEVELOPMENT:
            # The demo's accounts have a published password and second factor: on a real
            # deployment they would be open doors.
            raise CommandError(
                "seed_demo runs only on a development machine (SROK_DEVELOPMENT=1): "
                "its accounts' password and second factor are public."
            )
        if totp:
            self.stdout.write(demo.current_totp_code())
            return
        demo.seed()
        self.stdout.write("\n".join(demo.logins(port)))

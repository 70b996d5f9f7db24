from django.core.management.base import BaseCommand

from platform_site import demo


class Command(BaseCommand):
    help = "Create the demo platform (three districts, demo accounts). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port printed in the URLs")
        parser.add_argument(
            "--totp", action="store_true", help="only print the demo admin's current TOTP code"
        )

    def handle(self, *args, port, totp, **options):
        if totp:
            self.stdout.write(demo.current_totp_code())
            return
        demo.seed()
        self.stdout.write("\n".join(demo.logins(port)))

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from tenants.actions import onboard_district


class Command(BaseCommand):
    help = (
        "Give a district its website: its schema and default pages, its official domain and "
        "platform subdomain, and its first officer (invited by e-mail). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="NCDD district code, e.g. 0105")
        parser.add_argument("--domain", required=True, help="official domain, e.g. ouchruv.gov.kh")
        parser.add_argument("--officer-email", required=True, help="the first officer's e-mail")
        parser.add_argument("--slug", help="platform subdomain (default: from the Latin name)")
        parser.add_argument(
            "--language", choices=["km", "en"], default="en", help="language of the messages"
        )

    def handle(self, *args, code, domain, officer_email, slug, language, **options):
        with translation.override(language):
            try:
                district = onboard_district(
                    code=code, official_domain=domain, officer_email=officer_email, slug=slug
                )
            except ValidationError as exc:
                problems = [m for messages in exc.message_dict.values() for m in messages]
                raise CommandError("\n".join(problems)) from exc
            domains = ", ".join(d.domain for d in district.domains.order_by("-is_primary", "pk"))
            self.stdout.write(f"{district.code} {district.name_en} ({district.name_km}): {domains}")
            self.stdout.write(f"Invitation sent to {officer_email}.")

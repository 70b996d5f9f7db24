from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from platform_site import certificates


class Command(BaseCommand):
    help = (
        "Fail (exit status 1) when a certificate in Caddy's storage for a host Srok serves ends "
        "within --days days: Caddy should have renewed it. Run daily by srok-certcheck.timer on "
        "the proxy host; its failure tells the province's admins."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Caddy's certificates folder (or a copy of it)")
        parser.add_argument("--days", type=float, default=14, help="how soon is too soon (14)")

    def handle(self, folder, days, **options):
        try:
            found = certificates.expiring(folder, days)
        except certificates.UnreadableCertificate as exc:
            raise CommandError(str(exc)) from exc
        for host, not_after in found:
            self.stderr.write(
                _("The certificate of %(host)s ends on %(date)s and was not renewed.")
                % {"host": host, "date": not_after.strftime("%Y-%m-%d %H:%M UTC")}
            )
        if found:
            raise CommandError(
                _(
                    "%(count)d certificate(s) not renewed: see docs/operations.md, "
                    '"When a district\'s domain gets no certificate".'
                )
                % {"count": len(found)}
            )
        self.stdout.write(
            _("No certificate of a served host ends within %(days)s days.") % {"days": days}
        )

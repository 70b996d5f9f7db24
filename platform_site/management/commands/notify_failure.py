import socket
import subprocess

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_site import alerts

JOURNAL_LINES = 30


class Command(BaseCommand):
    help = (
        "Tell the province's admins (e-mail) and the alert webhook, if set, that a systemd unit "
        "failed, with the end of its log. Run by srok-notify@<unit>.service (OnFailure=)."
    )

    def add_arguments(self, parser):
        parser.add_argument("unit", help="the unit that failed, e.g. srok-healthcheck.service")

    def handle(self, unit, **options):
        host = socket.gethostname()
        subject = _("[Srok] %(unit)s failed on %(host)s") % {"unit": unit, "host": host}
        body = "\n".join(
            [
                _("%(unit)s failed on %(host)s at %(time)s.")
                % {
                    "unit": unit,
                    "host": host,
                    "time": timezone.localtime().strftime("%Y-%m-%d %H:%M %Z"),
                },
                _('What to do: docs/operations.md, "What pages whom".'),
                "",
                f"journalctl -u {unit} -n {JOURNAL_LINES}:",
                journal_tail(unit),
            ]
        )
        try:
            reached = alerts.notify(f"{host}:{unit}", subject, body)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        if reached.get("repeated"):
            self.stdout.write(_("Already told within the hour: not sent again."))
            return
        self.stdout.write(
            _("Told %(emails)d address(es); webhook: %(webhook)s.")
            % {
                "emails": len(reached["emails"]),
                "webhook": _("Yes") if reached["webhook"] else _("No"),
            }
        )


def journal_tail(unit):
    """The unit's last log lines, or why they could not be read (the message still goes out)."""
    try:
        result = subprocess.run(
            ["journalctl", "--unit", unit, "--lines", str(JOURNAL_LINES), "--no-pager", "--quiet"],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"({exc})"
    return result.stdout.strip() or result.stderr.strip() or "(no lines)"

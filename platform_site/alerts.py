"""Telling people that something broke: an e-mail to the province's admins and, when
SROK_ALERT_WEBHOOK_URL is set, a JSON post to a chat or paging service.

systemd starts ``srok-notify@<unit>.service`` when a unit fails (``OnFailure=``), and that runs
``manage.py notify_failure <unit>``, which calls ``notify``. The same failure told again within
SROK_ALERT_REPEAT_SECONDS is not sent twice: a health check failing every minute, on every web
host, sends one message an hour, not sixty.
"""

import json
import logging
import socket
import urllib.request

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.mail import send_mail
from django_tenants.utils import get_public_schema_name, schema_context

logger = logging.getLogger(__name__)

WEBHOOK_TIMEOUT_SECONDS = 10
# Where the shared cache remembers that an alert was sent.
SENT_KEY = "alert:{}"


def recipients():
    """Every active provincial admin's address, and SROK_ALERT_EMAILS."""
    from tenants.actions import PROVINCIAL_ADMIN_GROUP

    with schema_context(get_public_schema_name()):
        admins = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=PROVINCIAL_ADMIN_GROUP)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        return sorted(set(admins) | set(settings.SROK_ALERT_EMAILS))


def notify(key, subject, body):
    """Send ``subject`` and ``body`` to the admins and the webhook, unless the alert ``key`` was
    sent within SROK_ALERT_REPEAT_SECONDS. Returns what was reached: {"emails": [...],
    "webhook": bool}. Raises when nothing could be reached, so the unit running it fails too."""
    if not caches["platform"].add(SENT_KEY.format(key), 1, settings.SROK_ALERT_REPEAT_SECONDS):
        logger.info("alert %s already sent within %s s", key, settings.SROK_ALERT_REPEAT_SECONDS)
        return {"emails": [], "webhook": False, "repeated": True}
    reached = {"emails": [], "webhook": False}
    errors = []
    to = recipients()
    if to:
        try:
            send_mail(subject, body, None, to)
            reached["emails"] = to
        except Exception as exc:
            errors.append(f"e-mail: {exc!r}")
    if settings.SROK_ALERT_WEBHOOK_URL:
        try:
            post_webhook(subject, body, key)
            reached["webhook"] = True
        except Exception as exc:
            errors.append(f"webhook: {exc!r}")
    if not (reached["emails"] or reached["webhook"]):
        # Let the next attempt try again rather than stay silent for an hour.
        caches["platform"].delete(SENT_KEY.format(key))
        raise RuntimeError("the alert reached no one: " + ("; ".join(errors) or "no recipients"))
    for error in errors:
        logger.error("alert %s: %s", key, error)
    return reached


def post_webhook(subject, body, key):
    """JSON with ``text`` (what Slack, Mattermost and Rocket.Chat incoming webhooks show) and the
    parts separately for anything else."""
    payload = {
        "text": f"{subject}\n\n{body}",
        "subject": subject,
        "body": body,
        "alert": key,
        "host": socket.gethostname(),
    }
    request = urllib.request.Request(
        settings.SROK_ALERT_WEBHOOK_URL,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
        response.read()

"""The e-mail that lets a new officer choose a password. Its link uses the district's primary
domain, never the Host header of whoever triggered it, and works on that district's host only:
the account and the token's user exist in that district's schema alone.

The e-mail is sent by a worker (``deliver_invitation``, queued through the outbox by
tenants.actions), never in the request that invited."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy, override
from django_tenants.utils import get_public_schema_name, schema_context

from . import links
from .models import District

# The e-mails' texts, read in each language as they are sent.
INVITATION = gettext_lazy(
    "You are invited to keep the website of %(district)s district current.\n"
    "Choose your password here (the link works for %(days)d days):\n%(url)s\n"
    "Your login is your e-mail address: %(email)s"
)
INVITATION_SUBJECT = gettext_lazy("Your account on the website of %(district)s district")


def password_token(user):
    """(uidb64, token): what a one-time link that lets ``user`` choose a password carries, for
    an invitation and a reset alike (Django's token, spent once the password is set)."""
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


def send_to_officer(district, user, subject, body, values):
    """Send ``body % values`` in Khmer with an English copy below it (officers read Khmer
    first) under the Khmer ``subject``. ``values`` gets the district's name in each language
    and the link's lifetime in days."""
    values = {**values, "days": settings.PASSWORD_RESET_TIMEOUT // 86400}
    parts = []
    for language in ("km", "en"):
        with override(language):
            parts.append(str(body) % {**values, "district": district.name})
    with override("km"):
        title = str(subject) % {**values, "district": district.name}
    send_mail(title, "\n\n---\n\n".join(parts), None, [user.email])


def invitation_url(district, user):
    with schema_context(district.schema_name):
        path = links.path_for(links.OFFICER_INVITATION, *password_token(user))
    return links.district_url(district, path)


def send_invitation(district, user):
    """Send the invitation: the officer's login and the link to choose a password."""
    url = invitation_url(district, user)
    values = {"url": url, "email": user.email}
    send_to_officer(district, user, INVITATION_SUBJECT, INVITATION, values)


@shared_task
def deliver_invitation(district_id, user_id):
    """Send the invitation of account ``user_id`` of district ``district_id``. The request (or
    the province's bulk upload) never waits on the mail server, and an invitation made while
    it is away is sent when it is back (the task is retried). An account disabled since gets
    none; a task delivered twice sends a second, equally valid link."""
    district, user = active_officer(district_id, user_id)
    if user is None:
        return False
    send_invitation(district, user)
    return True


def active_officer(district_id, user_id):
    """(district, officer) for a mail task queued with their ids; officer None when the account
    was disabled (or removed) since the mail was asked for: it gets none."""
    with schema_context(get_public_schema_name()):
        district = District.objects.get(pk=district_id)
    with schema_context(district.schema_name):
        return district, get_user_model().objects.filter(pk=user_id, is_active=True).first()

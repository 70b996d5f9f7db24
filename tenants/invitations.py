"""The e-mail that lets a new officer choose a password. Its link uses the district's primary
domain, never the Host header of whoever triggered it, and works on that district's host only:
the account and the token's user exist in that district's schema alone."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tenants.utils import schema_context

from .links import district_url


def invitation_url(district, user):
    with schema_context(district.schema_name):
        path = reverse(
            "manage:invitation",
            urlconf=settings.ROOT_URLCONF,
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    return district_url(district, path)


def send_invitation(district, user):
    """Send the invitation in Khmer with an English copy below it: officers read Khmer first."""
    url = invitation_url(district, user)
    parts = []
    for language in ("km", "en"):
        with override(language):
            parts.append(
                _(
                    "You are invited to keep the website of %(district)s district current.\n"
                    "Choose your password here (the link works for %(days)d days):\n%(url)s\n"
                    "Your login is your e-mail address: %(email)s"
                )
                % {
                    "district": district.name,
                    "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
                    "url": url,
                    "email": user.email,
                }
            )
    with override("km"):
        subject = _("Your account on the website of %(district)s district") % {
            "district": district.name
        }
    send_mail(subject, "\n\n---\n\n".join(parts), None, [user.email])

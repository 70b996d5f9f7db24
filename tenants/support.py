"""The provincial console's "enter as support": a signed, short-lived, single-use link that
logs a provincial admin into one district's officer console, recorded on both ends.

The token names the district; it is refused on any other district's host, after
SUPPORT_HANDOVER_SECONDS, and a second time (its nonce is recorded when used)."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from . import links
from .models import AuditEvent, OfficerRole

SALT = "srok.support-handover"


class HandoverRefused(Exception):
    pass


def issue_handover(district, *, admin_email):
    """The link a provincial admin follows into ``district``'s console."""
    nonce = secrets.token_urlsafe(16)
    token = signing.dumps({"d": district.schema_name, "a": admin_email, "n": nonce}, salt=SALT)
    AuditEvent.objects.create(
        actor=admin_email,
        action=AuditEvent.Action.SUPPORT_HANDOVER,
        district=district,
        detail={"nonce": nonce},
    )
    with schema_context(district.schema_name):
        path = links.path_for(links.SUPPORT_HANDOVER, token)
    return links.district_url(district, path)


@transaction.atomic
def accept_handover(district, token):
    """Check ``token`` on ``district``'s host and return the support account to log in."""
    try:
        claims = signing.loads(token, salt=SALT, max_age=settings.SUPPORT_HANDOVER_SECONDS)
    except signing.SignatureExpired as exc:
        raise HandoverRefused("expired") from exc
    except signing.BadSignature as exc:
        raise HandoverRefused("invalid") from exc
    if claims["d"] != district.schema_name:
        raise HandoverRefused("another district")
    with schema_context("public"):
        issued = AuditEvent.objects.filter(
            district=district,
            action=AuditEvent.Action.SUPPORT_HANDOVER,
            detail__nonce=claims["n"],
        ).exists()
        if not issued:
            raise HandoverRefused("never issued")
        try:
            # The unique constraint on a used nonce, not a prior check, makes this single-use
            # even when two requests race.
            with transaction.atomic():
                AuditEvent.objects.create(
                    actor=claims["a"],
                    action=AuditEvent.Action.SUPPORT_ENTERED,
                    district=district,
                    detail={"nonce": claims["n"]},
                )
        except IntegrityError as exc:
            raise HandoverRefused("already used") from exc
    with schema_context(district.schema_name):
        # A support account of the district's own: what it does is recorded under its name.
        user, _created = get_user_model().objects.get_or_create(
            username=f"support:{claims['a']}", defaults={"email": claims["a"]}
        )
        if _created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=OfficerRole.DISTRICT_ADMIN.value)[0])
    return user

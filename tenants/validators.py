"""Checks on what a provincial admin types when onboarding a district or adding a domain.
Each returns the list of problems, in the active language; an empty list means acceptable."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from . import gazetteer
from .models import District, Domain

# A DNS host name: dot-separated labels of letters, digits and inner hyphens, ending in a
# top-level domain of letters (RFC 1123); "xn--" labels cover Khmer internationalised names.
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
HOSTNAME = re.compile(rf"^(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})$")


def normalize_host(host):
    return (host or "").strip().lower().rstrip(".")


def code_problems(code):
    if not gazetteer.district(code):
        return [_("No district has the code %(code)s in the gazetteer.") % {"code": code}]
    existing = District.objects.filter(code=code).first()
    if existing:
        return [
            _("%(name)s (%(code)s) already has a website.") % {"name": existing.name, "code": code}
        ]
    return []


def domain_problems(host):
    host = normalize_host(host)
    platform = settings.PLATFORM_DOMAIN
    if host in settings.PLATFORM_HOSTS:
        return [
            _("%(host)s is the platform's own address; give the district's own domain.")
            % {"host": host}
        ]
    if host.endswith(f".{platform}"):
        return [
            _(
                "Addresses under %(platform)s are given to every district automatically; "
                "give the district's official domain."
            )
            % {"platform": platform}
        ]
    if len(host) > 253 or not HOSTNAME.match(host):
        return [
            _("%(host)s is not a valid domain name, such as ouchruv.gov.kh.")
            % {"host": host or "—"}
        ]
    owner = Domain.objects.select_related("tenant").filter(domain=host).first()
    if owner:
        return [
            _("%(host)s is already the address of %(name)s.")
            % {"host": host, "name": owner.tenant.name}
        ]
    return []


def email_problems(email):
    try:
        validate_email((email or "").strip())
    except ValidationError:
        return [_("%(email)s is not a valid e-mail address.") % {"email": email or "—"}]
    return []

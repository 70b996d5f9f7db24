"""Absolute links to a district: always on its primary domain, never on whatever Host header a
request arrived with (e-mails, shared links, sitemaps and hand-overs must name the official
address).

tenants sits below both sites and knows none of their URLs: the pages it links to (an officer's
invitation, a support hand-over, the consoles' login pages) are named by purpose, and the site
that serves each registers, in its AppConfig.ready, how to build its path (``register``);
``path_for`` asks for it. A purpose nobody registered is a wiring mistake, said at once."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Purposes tenants links to, and what their builders take.
OFFICER_INVITATION = "officer_invitation"  # (uidb64, token): choose a password
SUPPORT_HANDOVER = "support_handover"  # (token): a provincial admin enters as support
OFFICER_LOGIN = "officer_login"  # (): the district console's login page
PROVINCIAL_LOGIN = "provincial_login"  # (): the provincial console's login page

_builders = {}


def register(purpose, build):
    """Let ``build(*args)`` give the path (no host) of the page serving ``purpose``."""
    _builders[purpose] = build


def path_for(purpose, *args):
    """The path of the page serving ``purpose`` (see register)."""
    try:
        build = _builders[purpose]
    except KeyError:
        raise ImproperlyConfigured(f"no site registered a link for {purpose!r}") from None
    return build(*args)


def district_url(district, path):
    """An absolute URL on the district's primary domain."""
    scheme = "https" if settings.HTTPS else "http"
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{scheme}://{district.primary_domain}{port}{path}"

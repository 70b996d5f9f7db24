"""Log out a session nobody has used for a while, on both consoles (a district's officer console
and the provincial console): an office computer left logged in is a console anyone can use.

The time of the last request is kept in the session, rewritten at most once a minute (not on
every request). A session idle for longer than ``settings.CONSOLE_IDLE_SECONDS`` is ended (its
key goes with it); a console page then goes to its login page with a message saying why, and
comes back after login; a citizen page is simply served to an anonymous reader."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from . import links

LAST_SEEN = "srok_last_seen"
# How stale the stored time may get before it is written again: saves a session write per click.
REFRESH_SECONDS = 60


def _login_url(request):
    """The login page of the console this request belongs to, or None for other pages."""
    on_platform = getattr(request, "tenant", None) is not None and (
        request.tenant.schema_name == get_public_schema_name()
    )
    if on_platform:
        purpose = links.PROVINCIAL_LOGIN if "/console/" in request.path else None
    else:
        purpose = links.OFFICER_LOGIN if request.path.startswith("/manage/") else None
    return links.path_for(purpose) if purpose else None


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > settings.CONSOLE_IDLE_SECONDS:
                logout(request)
                minutes = max(1, settings.CONSOLE_IDLE_SECONDS // 60)
                messages.warning(
                    request,
                    _(
                        "You were logged out because the console was not used for %(minutes)s "
                        "minutes. Log in again to go on."
                    )
                    % {"minutes": minutes},
                )
                login_url = _login_url(request)
                if login_url is not None:
                    return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
            elif last is None or now - last >= REFRESH_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)

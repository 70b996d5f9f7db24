"""Where a request may send the browser next: the one check every redirect target that comes
from a request goes through (``?next=`` after a login, logout or language switch), on the
platform's host and on every district's.

Only a path on the same host is followed. Django's ``url_has_allowed_host_and_scheme`` refuses
other hosts and schemes; on top of it a target must be a plain absolute path (``/...``), so
``//evil.example/``, ``/\\evil.example``, ``javascript:...``, a full URL even of this host, and
anything carrying control characters (NUL, CR, LF, tab) all fall back to a page the caller
names. Nothing here raises: a hostile target is never worth a server error.
"""

import re

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

# Control characters (C0, DEL, C1) and backslashes: browsers read "\" as "/" and drop tabs and
# newlines inside URLs, so a path carrying them can turn into another host.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")
MAX_LENGTH = 2000


def safe_target(request, target, fallback, *, prefixes=()):
    """``target`` when it is a path on this host (and starts with one of ``prefixes``, when
    given); otherwise ``fallback`` (a URL name or path, resolved as ``redirect`` would)."""
    if is_safe_target(request, target, prefixes=prefixes):
        return target
    return resolve_url(fallback)


def is_safe_target(request, target, *, prefixes=()):
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return False
    if _UNSAFE.search(target) or not target.startswith("/") or target.startswith("//"):
        return False
    if prefixes and not target.startswith(tuple(prefixes)):
        return False
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_from(request, fallback, *, field="next", prefixes=()):
    """The ``next`` target of ``request`` (the form's, else the query's), made safe."""
    target = request.POST.get(field) if request.method == "POST" else None
    if not target:
        target = request.GET.get(field)
    return safe_target(request, target, fallback, prefixes=prefixes)


class SafeNextMixin:
    """For Django's LoginView and LogoutView: their ``next`` goes through this module's check
    instead of their own, so both sites follow one rule."""

    def get_redirect_url(self):
        target = self.request.POST.get(self.redirect_field_name) or self.request.GET.get(
            self.redirect_field_name
        )
        return target if is_safe_target(self.request, target) else ""

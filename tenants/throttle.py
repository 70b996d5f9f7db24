"""Pause logins to an account from an address after repeated failures.

Counted in the schema-prefixed default cache, so a district's lockouts are its own and the
platform's are separate. Used by the provincial console and the officer console."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(username, address):
    digest = hashlib.sha256(f"{(username or '').lower()}|{address}".encode()).hexdigest()[:32]
    return f"login-failures:{digest}"


def is_locked(username, address):
    return cache.get(_key(username, address), 0) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username, address):
    key = _key(username, address)
    cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def clear(username, address):
    cache.delete(_key(username, address))


def client_address(request):
    # Behind Caddy the peer is the proxy; trust its X-Forwarded-For only where HTTPS says we are
    # behind it (settings.HTTPS), and then only its last hop.
    if settings.HTTPS and request.META.get("HTTP_X_FORWARDED_FOR"):
        return request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")

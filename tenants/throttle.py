"""Pause logins to an account from an address after repeated failures (the provincial console
and the officer console).

Counted by tenants.ratelimit in the database, keyed by the schema: a district's lockouts are its
own and the platform's are separate, and the pause holds when Redis is down."""

from django.conf import settings

from . import ratelimit
from .ratelimit import client_address  # noqa: F401 (where the consoles have always found it)

SCOPE = "login"


def _ident(username, address):
    return f"{(username or '').lower()}|{address}"


def is_locked(username, address):
    return ratelimit.count(SCOPE, _ident(username, address)) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username, address):
    ratelimit.hit(
        SCOPE,
        _ident(username, address),
        limit=settings.LOGIN_FAILURE_LIMIT,
        seconds=settings.LOGIN_LOCKOUT_SECONDS,
    )


def clear(username, address):
    ratelimit.reset(SCOPE, _ident(username, address))

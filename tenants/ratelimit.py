"""Rate limits per client address, for every public form and expensive endpoint, and the pause
after failed logins (tenants.throttle).

Counted in the database (``RateCounter``, one unlogged table in the public schema), never in the
cache: every process and server shares the count, and it holds when Redis is down, so an
attacker gains nothing by making Redis fail. One statement per counted request: an upsert that
starts a new window when the last one has expired (a window opens at the first request, as a
cache key with a timeout would).

Each district counts its own (the key names the schema): a flood on one district's search does
not lock citizens out of another's. The limits are in ``settings.RATE_LIMITS``, by scope:
(requests, seconds). Over the limit, ``limited`` answers 429 with Retry-After: a page in the
reader's language, or JSON under /api/.
"""

import hashlib
import json
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

TABLE = "public.tenants_ratecounter"
# One request in this many also removes counters long expired, so the table stays small.
CLEANUP_ONE_IN = 500


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends


def client_address(request):
    # Behind Caddy the peer is the proxy; trust its X-Forwarded-For only where HTTPS says we are
    # behind it (settings.HTTPS), and then only its last hop.
    if settings.HTTPS and request.META.get("HTTP_X_FORWARDED_FOR"):
        return request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(scope, ident):
    digest = hashlib.sha256(f"{connection.schema_name}|{scope}|{ident}".encode()).hexdigest()
    return f"{scope[:20]}:{digest[:56]}"


def hit(scope, ident, *, limit, seconds):
    """Count one request of ``scope`` by ``ident`` (usually the client address); allowed while
    the count in the current window is at most ``limit``."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {TABLE} (key, count, expires_at) VALUES (%s, 1, %s)
            ON CONFLICT (key) DO UPDATE SET
                count = CASE WHEN {TABLE}.expires_at <= %s THEN 1
                             ELSE {TABLE}.count + 1 END,
                expires_at = CASE WHEN {TABLE}.expires_at <= %s THEN EXCLUDED.expires_at
                                  ELSE {TABLE}.expires_at END
            RETURNING count, expires_at
            """,  # noqa: S608 (the table name is a constant; values are parameters)
            [_key(scope, ident), now + timedelta(seconds=seconds), now, now],
        )
        count, expires_at = cursor.fetchone()
        if secrets.randbelow(CLEANUP_ONE_IN) == 0:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE expires_at < %s",  # noqa: S608
                [now - timedelta(hours=1)],
            )
    retry_after = max(1, math.ceil((expires_at - now).total_seconds()))
    return Verdict(count <= limit, count, retry_after)


def count(scope, ident):
    """Requests counted in the current window, without counting one."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count FROM {TABLE} WHERE key = %s AND expires_at > %s",  # noqa: S608
            [_key(scope, ident), timezone.now()],
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def reset(scope, ident):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE key = %s", [_key(scope, ident)])  # noqa: S608


def limit_of(scope):
    return settings.RATE_LIMITS[scope]


def too_many_requests(request, retry_after):
    """The 429 answer: JSON for the API, else a page in the reader's language."""
    message = _(
        "Too many requests came from your connection. Please wait %(minutes)s minutes, then "
        "try again."
    ) % {"minutes": max(1, math.ceil(retry_after / 60))}
    if request.path.startswith("/api/"):
        # The API's own error shape (its OpenAPI document's Error), readable from any site.
        response = HttpResponse(
            json.dumps({"error": {"status": 429, "message": message}}, ensure_ascii=False),
            status=429,
            content_type="application/json",
        )
        response["Access-Control-Allow-Origin"] = "*"
    else:
        response = HttpResponse(
            render_to_string("tenants/too_many_requests.html", {"message": message}, request),
            status=429,
        )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def limited(scope, *, methods=None):
    """Limit the view to ``settings.RATE_LIMITS[scope]`` requests per client address; only the
    requests whose method is in ``methods`` count (None: every request; for a form, its POST:
    the page itself is cheap).
    The view is marked (``rate_limit``) so a test can check every public view has a limit."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if methods is None or request.method in methods:
                limit, seconds = limit_of(scope)
                verdict = hit(scope, client_address(request), limit=limit, seconds=seconds)
                if not verdict.allowed:
                    return too_many_requests(request, verdict.retry_after)
            return view(request, *args, **kwargs)

        wrapper.rate_limit = scope
        return wrapper

    return decorator

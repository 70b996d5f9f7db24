"""Shedding load: under more requests than the server can answer, answer what it can and turn
the rest away at once with a 503 and ``Retry-After``, instead of letting every request wait in
a queue until all of them time out.

Two bounds, each cheap to check before any database or cache is touched:
- time already spent waiting: Caddy stamps each request with ``X-Request-Start`` (deploy/
  Caddyfile) as it passes it on; a request that waited longer than SHED_QUEUE_SECONDS in
  gunicorn's queue is answered 503 straight away: its reader has likely given up, and a thread
  spent on it is taken from a fresh one;
- requests in progress in this process (SHED_MAX_IN_FLIGHT, 0 for no bound): a bound below
  gunicorn's threads keeps database connections for the requests being answered.
gunicorn bounds the rest (deploy/gunicorn.conf.py: ``worker_connections``, ``backlog``).

/healthz is never shed. Shedding is logged once per interval with a count, not per request.
"""

import logging
import threading
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger("srok.shedding")

RETRY_AFTER_SECONDS = 5
LOG_EVERY_SECONDS = 10


def queued_seconds(meta, now=None):
    """Seconds since the proxy's ``X-Request-Start`` ("t=<ms>", or seconds with a fraction),
    or None without one."""
    raw = meta.get("HTTP_X_REQUEST_START", "")
    if not raw:
        return None
    try:
        stamp = float(raw.removeprefix("t="))
    except ValueError:
        return None
    if stamp > 1e11:  # milliseconds
        stamp /= 1000
    return (now or time.time()) - stamp


class LoadSheddingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.max_queue = settings.SHED_QUEUE_SECONDS
        self.max_in_flight = settings.SHED_MAX_IN_FLIGHT
        self._lock = threading.Lock()
        self._in_flight = 0
        self._shed = 0
        self._logged_at = 0.0

    def __call__(self, request):
        if request.path == "/healthz":
            return self.get_response(request)
        waited = queued_seconds(request.META)
        if self.max_queue and waited is not None and waited > self.max_queue:
            return self._turn_away(f"waited {waited:.1f} s in the queue")
        with self._lock:
            full = self.max_in_flight and self._in_flight >= self.max_in_flight
            if not full:
                self._in_flight += 1
        if full:
            return self._turn_away(f"{self.max_in_flight} requests in progress")
        try:
            return self.get_response(request)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _turn_away(self, why):
        now = time.monotonic()
        with self._lock:
            self._shed += 1
            report = now - self._logged_at >= LOG_EVERY_SECONDS
            if report:
                count, self._shed, self._logged_at = self._shed, 0, now
        if report:
            logger.warning("overloaded: turned away %s request(s) (last: %s)", count, why)
        return shed_response()


def shed_response():
    parts = []
    for language in ("km", "en"):
        with translation.override(language):
            parts.append(
                f'<p lang="{language}">'
                + _("Many people are using the website right now. Please try again in a moment.")
                + "</p>"
            )
    response = HttpResponse(
        '<!doctype html><html lang="km"><head><meta charset="utf-8"><title>503</title></head>'
        f"<body>{''.join(parts)}</body></html>",
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Counted in the periodic warning above, not logged as an error per request.
    response._has_been_logged = True
    return response

"""``GET /healthz`` on every host: the state of the database, the cache and the broker.

A middleware rather than a view, placed before the tenant middleware, so that a load balancer
probing by IP address or by any host name gets an answer without a district being resolved.
200 only when every part is healthy, 503 otherwise; the body says which part failed.
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def check_cache():
    cache = caches["platform"]
    token = secrets.token_hex(8)
    cache.set("healthz", token, 10)
    if cache.get("healthz") != token:
        return {"ok": False, "error": "value written was not read back"}
    return {"ok": True, "backend": cache.__class__.__name__}


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "in-process"}
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    return {"ok": True, "mode": "workers", "transport": conn.transport_cls}


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_checks():
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a health check reports failures, it does not raise them
            logger.warning("healthz: %s check failed: %r", name, exc)
            results[name] = {"ok": False, "error": exc.__class__.__name__}
    return results


class HealthCheckMiddleware:
    path = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != self.path or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        checks = run_checks()
        healthy = all(result["ok"] for result in checks.values())
        response = JsonResponse(
            {"status": "ok" if healthy else "failing", "checks": checks},
            status=200 if healthy else 503,
        )
        response["Cache-Control"] = "no-store"
        return response

"""``GET /healthz`` on every host: the state of the database, the cache and the broker.

A middleware rather than a view, placed before the tenant middleware, so that a load balancer
probing by IP address or by any host name gets an answer without a district being resolved.
200 only when every part is healthy, 503 otherwise.

The public answer is only ``{"status": "ok"}`` or ``{"status": "failing"}``: which cache,
broker and database a deployment runs is no business of the internet's. The details of each
check are given only on the internal address: a request whose peer is in
``SROK_INTERNAL_NETWORKS`` (loopback by default) and that did not come through the proxy
(Caddy adds X-Forwarded-For to everything it forwards), such as the health-check timer asking
gunicorn directly on 127.0.0.1.

``GET /healthz/platform``, on the internal address only (``platform_site.internal``), adds what
this web process does not need in order to serve but the platform needs in order to keep its
promises: a Celery worker consuming the queue, beat still queueing periodic work (its heartbeat),
every active district backed up recently, PostgreSQL's WAL archiving not failing, and the disks
this host writes to under SROK_DISK_ALERT_PERCENT. srok-healthcheck.timer asks it every minute;
its failure reaches a person through srok-notify@.service. Kept apart from ``/healthz`` so that
a stale backup never takes a web host out of the proxy's rotation.
"""

import logging
import os
import secrets
import shutil
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponseNotFound, JsonResponse

from .internal import is_internal

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
    # A key of its own: processes sharing the cache check it at the same moment.
    key = f"healthz:{token}"
    cache.set(key, token, 10)
    read = cache.get(key)
    cache.delete(key)
    if read != token:
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

# Written by the heartbeat task that beat queues every SROK_HEARTBEAT_SECONDS and a worker runs.
HEARTBEAT_KEY = "beat-heartbeat"


def check_workers():
    """At least one worker answers a ping and consumes the queue tasks are sent to."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "in-process"}
    from platform_site.celery import app

    queue = app.conf.task_default_queue
    replies = app.control.inspect(timeout=BROKER_TIMEOUT_SECONDS).active_queues() or {}
    consuming = sorted(
        name for name, queues in replies.items() if any(q["name"] == queue for q in queues)
    )
    if not consuming:
        return {"ok": False, "error": f"no worker consumes the queue {queue!r}"}
    return {"ok": True, "workers": consuming}


def check_beat():
    """Beat's heartbeat (a task it queues, run by a worker) is recent."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "in-process"}
    beaten = caches["platform"].get(HEARTBEAT_KEY)
    limit = 3 * settings.SROK_HEARTBEAT_SECONDS
    if beaten is None:
        return {"ok": False, "error": f"no heartbeat from beat in the last {limit} s"}
    age = time.time() - beaten
    if age > limit:
        return {"ok": False, "error": f"beat's last heartbeat was {age:.0f} s ago"}
    return {"ok": True, "heartbeat_age_seconds": round(age)}


def backup_ages():
    """{district code: seconds since its newest complete backup finished, or since it was
    created when it has none} for every active district, in one query."""
    from django.db.models import Max, Q
    from django.utils import timezone
    from django_tenants.utils import get_public_schema_name, schema_context

    from tenants.models import District, DistrictBackup

    now = timezone.now()
    with schema_context(get_public_schema_name()):
        rows = District.objects.filter(status=District.Status.ACTIVE).annotate(
            last_backup=Max(
                "backups__finished_at",
                filter=Q(backups__status=DistrictBackup.Status.COMPLETE),
            )
        )
        return {
            row.code: (now - (row.last_backup or row.created_at)).total_seconds() for row in rows
        }


def check_backups():
    """Every active district has a complete backup younger than SROK_BACKUP_MAX_AGE_HOURS."""
    limit = settings.SROK_BACKUP_MAX_AGE_HOURS * 3600
    ages = backup_ages()
    stale = sorted(code for code, age in ages.items() if age > limit)
    if stale:
        return {
            "ok": False,
            "error": f"{len(stale)} district(s) without a backup in "
            f"{settings.SROK_BACKUP_MAX_AGE_HOURS} h",
            "stale": stale[:20],
        }
    return {"ok": True, "districts": len(ages)}


def check_archiving():
    """PostgreSQL's WAL archiving (pgBackRest) has not failed since it last succeeded."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('archive_mode')")
        [mode] = cursor.fetchone()
        if mode == "off":
            return {"ok": True, "archiving": "off"}
        cursor.execute(
            "SELECT archived_count, failed_count, last_failed_wal,"
            " coalesce(last_failed_time > coalesce(last_archived_time, '-infinity'), false)"
            " FROM pg_stat_archiver"
        )
        archived, failed, last_failed_wal, failing = cursor.fetchone()
    if failing:
        return {"ok": False, "error": f"archiving {last_failed_wal} failed", "failed": failed}
    return {"ok": True, "archived": archived}


def check_disk():
    """Each disk this host writes to is less than SROK_DISK_ALERT_PERCENT full."""
    full = {}
    for path in settings.SROK_DISK_PATHS:
        if not os.path.exists(path):  # e.g. the data directory of a host that keeps none
            continue
        usage = shutil.disk_usage(path)
        percent = 100 * usage.used / usage.total
        full[str(path)] = round(percent, 1)
    over = {
        path: percent
        for path, percent in full.items()
        if percent > settings.SROK_DISK_ALERT_PERCENT
    }
    if over:
        return {
            "ok": False,
            "error": f"over {settings.SROK_DISK_ALERT_PERCENT} % full",
            "disks": over,
        }
    return {"ok": True, "disks": full}


PLATFORM_CHECKS = {
    **CHECKS,
    "workers": check_workers,
    "beat": check_beat,
    "backups": check_backups,
    "archiving": check_archiving,
    "disk": check_disk,
}


def run_checks(checks=CHECKS):
    results = {}
    for name, check in checks.items():
        try:
            results[name] = check()
        except Exception as exc:  # a health check reports failures, it does not raise them
            logger.warning("healthz: %s check failed: %r", name, exc)
            results[name] = {"ok": False, "error": exc.__class__.__name__}
    return results



class HealthCheckMiddleware:
    path = "/healthz"
    platform_path = "/healthz/platform"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in (self.path, self.platform_path) or request.method not in (
            "GET",
            "HEAD",
        ):
            return self.get_response(request)
        if request.path == self.platform_path:
            if not is_internal(request):
                return HttpResponseNotFound()
            checks = run_checks(PLATFORM_CHECKS)
        else:
            checks = run_checks()
        healthy = all(result["ok"] for result in checks.values())
        body = {"status": "ok" if healthy else "failing"}
        if is_internal(request):
            body["checks"] = checks
        response = JsonResponse(body, status=200 if healthy else 503)
        response["Cache-Control"] = "no-store"
        return response

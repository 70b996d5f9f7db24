"""A stale backup, a dead worker, a dead beat and a full disk each reach a person, with real parts.

The chain is the production one: ``/healthz/platform`` (served by the whole stack on a loopback
port) says which part failed; srok-healthcheck.service's own command (curl --fail-with-body) then
fails, which systemd answers by starting srok-notify@.service, which runs ``notify_failure``:
an e-mail through Django's SMTP backend to an SMTP server on loopback, addressed to every
provincial admin, and a JSON post to a webhook served by the test. Workers and beat are real
Celery processes on Redis, started and stopped by the tests.
"""

import os
import socket
import subprocess
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from platform_site import alerts, health
from platform_site.celery import app
from tenants.models import District

from ...deploy.test_systemd import unit
from .conftest import CeleryProcess, celery_environment, wait_until

pytestmark = pytest.mark.skipif(
    app.conf.task_always_eager or not app.conf.broker_url.startswith("redis"),
    reason="no Redis broker: run tests/prepare_machine.sh (make test does)",
)


def platform_checks(live_port):
    import json
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{live_port}/healthz/platform", timeout=30
        ) as r:
            return r.status, json.load(r)["checks"]
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)["checks"]


def healthcheck_unit_fails(live_port):
    """srok-healthcheck.service's command, as systemd runs it, against this stack."""
    command = unit("srok-healthcheck.service")["Service"]["ExecStart"][0]
    url = f"http://127.0.0.1:{live_port}/healthz/platform"
    argv = command.replace("${SROK_HEALTHCHECK_URL}", url).split()
    return subprocess.run(argv, capture_output=True, text=True, timeout=60).returncode != 0


def assert_told(admin, smtp_server, webhook, unit_name="srok-healthcheck.service"):
    call_command("notify_failure", unit_name)
    [message] = smtp_server
    assert admin["email"] in message["to"]
    assert unit_name in message["text"]
    [post] = webhook
    assert unit_name in post["text"]
    assert post["alert"].endswith(unit_name)


def test_platform_health_is_internal_only(db):
    """Through the proxy (X-Forwarded-For) or from outside the internal networks: 404."""
    proxied = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert proxied.get("/healthz/platform").status_code == 404
    outside = Client(HTTP_HOST="localhost", REMOTE_ADDR="203.0.113.9")
    assert outside.get("/healthz/platform").status_code == 404
    assert Client(HTTP_HOST="localhost").get("/healthz/platform").status_code in (200, 503)


def test_a_stale_backup_reaches_the_admins(
    make_district, provincial_admin, live_port, smtp_server, webhook, fresh_alerts
):
    """A district three days old with no backup is named; after a real backup it is not."""
    district = make_district()
    District.objects.filter(pk=district.pk).update(created_at=timezone.now() - timedelta(days=3))

    status, checks = platform_checks(live_port)
    assert status == 503
    assert checks["backups"]["ok"] is False
    assert district.code in checks["backups"]["stale"]
    assert healthcheck_unit_fails(live_port)
    assert_told(provincial_admin, smtp_server, webhook)

    call_command("backup_district", district.code, verbosity=0)
    _, checks = platform_checks(live_port)
    assert district.code not in checks["backups"].get("stale", [])


def test_a_stopped_worker_reaches_the_admins(
    provincial_admin, live_port, smtp_server, webhook, fresh_alerts, monkeypatch
):
    """A worker consuming the queue answers; once stopped, the health check says no worker
    consumes it and the admins hear of it."""
    queue = f"srok-alert-test-{os.getpid()}"
    monkeypatch.setattr(app.conf, "task_default_queue", queue)
    worker = CeleryProcess(
        "worker",
        "--queues",
        queue,
        "--hostname",
        f"{queue}@%h",
        "--pool",
        "solo",
        "--without-mingle",
        "--without-gossip",
        "--loglevel",
        "WARNING",
        env=celery_environment(),
    )
    try:
        wait_until(lambda: platform_checks(live_port)[1]["workers"]["ok"])
    finally:
        worker.stop()

    status, checks = platform_checks(live_port)
    assert status == 503
    assert checks["workers"] == {"ok": False, "error": f"no worker consumes the queue {queue!r}"}
    assert healthcheck_unit_fails(live_port)
    assert_told(provincial_admin, smtp_server, webhook)


def test_a_stopped_beat_reaches_the_admins(
    provincial_admin, live_port, smtp_server, webhook, fresh_alerts, settings, tmp_path
):
    """Beat's heartbeat, run by a real worker, keeps the beat check green; once beat stops the
    heartbeat grows old and the admins hear of it."""
    broker = app.conf.broker_url
    # The heartbeat is in the shared cache (Redis): this process must read what the worker wrote.
    settings.CACHES = {
        **settings.CACHES,
        "platform": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": broker,
            "KEY_PREFIX": "srok-platform",
        },
    }
    settings.SROK_HEARTBEAT_SECONDS = 1
    from django.core.cache import caches

    caches["platform"].delete(health.HEARTBEAT_KEY)
    # This cache outlives the run: an alert an earlier run sent must not silence this one.
    caches["platform"].delete(
        alerts.SENT_KEY.format(f"{socket.gethostname()}:srok-healthcheck.service")
    )
    # Far from the nightly backup window, so this beat queues nothing but heartbeats.
    quiet_hour = (timezone.localtime().hour + 12) % 24
    env = celery_environment(
        REDIS_URL=broker,
        SROK_HEARTBEAT_SECONDS="1",
        BACKUP_WINDOW_START_HOUR=str(quiet_hour),
        BACKUP_WINDOW_HOURS="1",
    )
    # Both on Celery's default queue, as in production (this run's own worker uses another).
    worker = CeleryProcess(
        "worker",
        "--hostname",
        f"srok-beat-test-{os.getpid()}@%h",
        "--pool",
        "solo",
        "--without-mingle",
        "--without-gossip",
        "--loglevel",
        "WARNING",
        env=env,
    )
    beat = CeleryProcess("beat", "--schedule", str(tmp_path / "schedule"), env=env)
    try:
        wait_until(lambda: platform_checks(live_port)[1]["beat"]["ok"])
        beat.stop()
        wait_until(lambda: not platform_checks(live_port)[1]["beat"]["ok"], timeout=60)
    finally:
        beat.stop()
        worker.stop()

    assert "heartbeat" in platform_checks(live_port)[1]["beat"]["error"]
    assert healthcheck_unit_fails(live_port)
    assert_told(provincial_admin, smtp_server, webhook)


def test_a_full_disk_reaches_the_admins(
    provincial_admin, live_port, smtp_server, webhook, fresh_alerts, settings
):
    """The disk check reads the real file system: with the limit just under how full it is, it
    fails and the admins hear of it; with the limit at 100 % it passes."""
    usage = __import__("shutil").disk_usage("/")
    percent = 100 * usage.used / usage.total
    settings.SROK_DISK_PATHS = ["/"]
    settings.SROK_DISK_ALERT_PERCENT = 100
    assert platform_checks(live_port)[1]["disk"]["ok"] is True

    settings.SROK_DISK_ALERT_PERCENT = max(percent - 1, 0)
    checks = platform_checks(live_port)[1]
    assert checks["disk"]["ok"] is False
    assert "/" in checks["disk"]["disks"]
    assert healthcheck_unit_fails(live_port)
    assert_told(provincial_admin, smtp_server, webhook)


def test_the_same_failure_is_told_once_an_hour(
    provincial_admin, smtp_server, webhook, fresh_alerts
):
    """A health check failing every minute sends one message, not sixty."""
    call_command("notify_failure", "srok-healthcheck.service")
    call_command("notify_failure", "srok-healthcheck.service")
    assert len(smtp_server) == 1
    assert len(webhook) == 1

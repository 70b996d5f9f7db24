"""GET /metrics: Prometheus's text format on the internal address only, counting requests,
latency and queries by view kind, the TLS ask endpoint's answers, Celery's queue and failures,
and every active district's backup age."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from platform_site.celery import app
from tenants.models import District


# Registered at import, before the run's worker starts, so the worker knows it.
@app.task(name="tests.monitoring.always_fails")
def always_fails():
    return 1 / 0


def scrape():
    response = Client(HTTP_HOST="localhost").get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def value(text, name, **labels):
    """The sample ``name{labels}`` in ``text``, or None."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
        if all(found.get(key) == str(wanted) for key, wanted in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None


def test_metrics_are_internal_only(db):
    """Through the proxy (X-Forwarded-For) or from a public address: 404, no figures."""
    assert Client(HTTP_X_FORWARDED_FOR="203.0.113.9").get("/metrics").status_code == 404
    assert Client(REMOTE_ADDR="203.0.113.9").get("/metrics").status_code == 404


def test_requests_latency_and_queries_are_counted_by_view_kind(host_client, district_a):
    """A citizen page counts one request of its kind, its time and the queries it made; the
    kind is the view's, not the district's (the same at 2,000 districts)."""
    before = scrape()
    assert host_client(district_a.primary_domain).get("/").status_code == 200
    after = scrape()

    def delta(name, **labels):
        return (value(after, name, **labels) or 0) - (value(before, name, **labels) or 0)

    assert delta("srok_http_requests_total", kind="home", method="GET", status="200") == 1
    assert delta("srok_http_request_duration_seconds_count", kind="home") == 1
    assert delta("srok_db_queries_total", kind="home") >= 1
    # No label names a district (values are numbers, which may hold the code's digits).
    labels = re.findall(r"\{[^}]*\}", after.split("srok_backup_age_seconds")[0])
    assert labels and not [found for found in labels if district_a.code in found]


def test_tls_ask_answers_are_counted_by_status(host_client, district_a):
    """The ask endpoint's yes (200) and no (404) are told apart."""
    before = scrape()
    host_client("localhost").get("/tls/ask", {"domain": district_a.primary_domain})
    host_client("localhost").get("/tls/ask", {"domain": "nobody.example.org"})
    after = scrape()
    for status in ("200", "404"):
        labels = dict(kind="tls_ask", method="GET", status=status)
        grown = (value(after, "srok_http_requests_total", **labels) or 0) - (
            value(before, "srok_http_requests_total", **labels) or 0
        )
        assert grown == 1, status


def test_backup_age_is_reported_per_active_district(make_district, settings):
    """Never backed up: the age since it was created; after a real backup, minutes at most."""
    district = make_district()
    District.objects.filter(pk=district.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert value(scrape(), "srok_backup_age_seconds", district=district.code) > 2 * 24 * 3600 - 60

    call_command("backup_district", district.code, verbosity=0)
    assert value(scrape(), "srok_backup_age_seconds", district=district.code) < 3600


@pytest.mark.skipif(app.conf.task_always_eager, reason="no broker: run tests/prepare_machine.sh")
def test_celery_queue_length_and_task_failures_come_from_redis(celery_worker, settings):
    """A task that raises in a real worker is counted under its name; the queue's length is
    reported for the queue tasks go to."""
    settings.TASK_MAX_RETRIES = 0  # its last try at once: retries are the outbox tests' subject
    failing = always_fails
    before = value(scrape(), "srok_celery_task_failures_total", task=failing.name) or 0
    with pytest.raises(ZeroDivisionError):
        failing.delay().get(timeout=30, propagate=True)
    text = scrape()
    assert value(text, "srok_celery_task_failures_total", task=failing.name) == before + 1
    assert value(text, "srok_celery_queue_length", queue=app.conf.task_default_queue) is not None

"""GET /healthz reports the database, the cache and the broker, on every host."""

import pytest


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "unknown.example.org"])
def test_healthz_answers_on_any_host(host_client, host):
    response = host_client(host).get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}


def test_healthz_answers_on_a_district_host(host_client, district_a):
    assert host_client(district_a.primary_domain).get("/healthz").status_code == 200


def test_healthz_is_503_when_the_broker_is_unreachable(host_client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # the discard port: nothing listens

    response = host_client("localhost").get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_healthz_is_never_cached(host_client):
    assert host_client("localhost").get("/healthz")["Cache-Control"] == "no-store"

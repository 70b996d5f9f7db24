"""Leaks: /healthz tells the internet only healthy or not, its details only to the internal
address; a Host header that is no DNS name is refused before any lookup or caching."""

import warnings

import pytest
from django.core.cache import caches
from django.core.cache.backends.base import CacheKeyWarning
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tenants import hostmap


@pytest.mark.parametrize(
    "meta",
    [
        {"REMOTE_ADDR": "203.0.113.7"},
        {"REMOTE_ADDR": "10.1.2.3"},
        # Through Caddy: the peer is loopback, but the request came from outside.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"},
    ],
)
def test_healthz_says_only_healthy_or_not_to_the_public(meta, district_a):
    for host in ("localhost", district_a.primary_domain, "unknown.example.org"):
        response = Client(HTTP_HOST=host, **meta).get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        body = response.content.decode()
        for word in ("cache", "broker", "database", "Redis", "LocMem", "workers", "in-process"):
            assert word not in body


def test_healthz_gives_details_on_the_internal_address():
    response = Client(HTTP_HOST="localhost", REMOTE_ADDR="127.0.0.1").get("/healthz")
    assert set(response.json()["checks"]) == {"database", "cache", "broker"}


def test_an_internal_network_can_be_configured(settings):
    settings.SROK_INTERNAL_NETWORKS = ["10.0.0.0/8"]
    inside = Client(HTTP_HOST="localhost", REMOTE_ADDR="10.1.2.3").get("/healthz")
    outside = Client(HTTP_HOST="localhost", REMOTE_ADDR="127.0.0.1").get("/healthz")
    assert "checks" in inside.json()
    assert "checks" not in outside.json()


def test_a_failing_part_is_503_publicly_without_naming_it(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    response = Client(HTTP_HOST="localhost", REMOTE_ADDR="203.0.113.7").get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing"}


IMPOSSIBLE_HOSTS = [
    "a" * 254,
    ("a" * 63 + ".") * 4 + "localhost",  # 260 characters of valid labels
    "a" * 64 + ".localhost",
    "-bad.localhost",
    "bad-.localhost",
    "a..localhost",
    ".localhost",
]


@pytest.mark.parametrize("host", IMPOSSIBLE_HOSTS)
def test_an_impossible_host_is_refused_before_any_lookup_or_caching(host):
    """A bare 404 (or Django's 400 for characters no host has), with no query made and
    nothing cached, however often it is asked."""
    hostmap._local.clear()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            response = Client(HTTP_HOST=host).get("/")
            assert response.status_code in (400, 404)
            assert b"Not found" in response.content or response.status_code == 400
    assert [q["sql"] for q in queries if "tenants_domain" in q["sql"]] == []
    assert hostmap._local == {}
    key = f"hostmap:{hostmap.current_generation()}:{host}"
    with warnings.catch_warnings():  # the key is too long for memcached: that is the point
        warnings.simplefilter("ignore", CacheKeyWarning)
        assert caches["platform"].get(key, "absent") == "absent"


@pytest.mark.parametrize("host", ["bad_host.localhost", "evil.example\x00", "a b.localhost"])
def test_a_host_with_characters_no_host_has_is_refused(host):
    response = Client(HTTP_HOST=host).get("/")
    assert response.status_code in (400, 404)


def test_a_valid_unknown_host_is_still_looked_up_once_then_cached():
    """The check refuses only impossible hosts: a real-looking one is looked up as before."""
    hostmap._local.clear()
    with CaptureQueriesContext(connection) as queries:
        Client(HTTP_HOST="nobody-here.example.org").get("/")
    assert [q for q in queries if "tenants_domain" in q["sql"]]
    assert "nobody-here.example.org" in hostmap._local


def test_the_tls_ask_endpoint_refuses_an_impossible_domain_without_a_lookup():
    hostmap._local.clear()
    client = Client(HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/tls/ask", {"domain": "a" * 300 + ".gov.kh"})
    assert response.status_code == 404
    assert [q for q in queries if "tenants_domain" in q["sql"]] == []

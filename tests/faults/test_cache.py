"""When production's Redis cache stops or hangs, citizens are still served (uncached), the host
map comes from the database, officers keep working, the log says so once, and caching resumes
by itself when Redis returns (platform_site/cache.py)."""

import logging
import time

import pytest
from django.core.cache import caches
from django_tenants.utils import schema_context

from district_site.feedback.models import Feedback
from tenants.models import District, Domain
from tests.conftest import PASSWORD

from .conftest import wait_until

RETRY_SECONDS = 0.5


@pytest.fixture
def redis_cache(settings, own_redis):
    """Both cache aliases on the test's own Redis, as production's settings make them."""
    options = {"socket_connect_timeout": 0.2, "socket_timeout": 0.2, "retry_seconds": RETRY_SECONDS}
    settings.CACHES = {
        alias: {
            **settings.CACHES[alias],
            "BACKEND": "platform_site.cache.ResilientRedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": options,
        }
        for alias in ("default", "platform")
    }
    return own_redis


def _outage_warnings(caplog):
    return [r for r in caplog.records if r.name == "srok.resilience" and "unreachable" in r.message]


def _wait_for_retry():
    """Let the breaker's pause pass, so the next call tries Redis again."""
    time.sleep(RETRY_SECONDS * 1.5)


CITIZEN_PAGES = ["/", "/en/", "/budget/", "/feedback/", "/news/", "/projects/"]


def test_citizen_pages_are_served_while_redis_is_stopped(redis_cache, make_district, host_client):
    """Every citizen page answers 200 with Redis gone, the same as with it."""
    district = make_district()
    client = host_client(district.primary_domain)
    assert client.get("/").status_code == 200  # cached while Redis is up

    redis_cache.stop()

    for path in CITIZEN_PAGES:
        assert client.get(path).status_code == 200, path


def test_a_hanging_redis_is_tried_once_per_pause_and_logged_once(
    redis_cache, make_district, host_client, caplog
):
    """A paused Redis (connections accepted, nothing answered) opens the breaker on the first
    call that times out: later requests do not touch Redis, and one warning names the outage."""
    district = make_district()
    client = host_client(district.primary_domain)
    client.get("/")
    caplog.set_level(logging.WARNING, logger="srok.resilience")

    redis_cache.pause()
    try:
        for path in CITIZEN_PAGES * 3:
            assert client.get(path).status_code == 200, path
        breaker = caches["default"].breaker
        assert breaker.is_open
        if time.monotonic() < breaker._open_until:
            assert not breaker.allow()  # within its pause, no call goes to Redis
        else:  # the pause ended while a slow machine served the pages: one trial, not two
            assert breaker.allow()
            assert not breaker.allow()
    finally:
        redis_cache.resume()

    assert len(_outage_warnings(caplog)) == 1


def test_the_host_map_is_read_from_the_database_while_redis_is_down(
    redis_cache, make_district, host_client
):
    """A domain added or a district suspended during the outage is seen at once."""
    district = make_district()
    assert host_client("during-outage.gov.kh").get("/").status_code == 404
    redis_cache.stop()

    Domain.objects.create(domain="during-outage.gov.kh", tenant=district, is_primary=False)
    assert host_client("during-outage.gov.kh").get("/").status_code == 200

    district.status = District.Status.SUSPENDED
    district.save(update_fields=["status"])
    assert Domain.objects.district_for_host("during-outage.gov.kh").status == "suspended"


def test_a_change_made_while_redis_hung_is_seen_when_it_returns(
    redis_cache, make_district, host_client
):
    """Redis keeps its entries through a pause; the host map's invalidation that failed during
    it is replayed when Redis answers again, so the old "unknown host" entry is not served."""
    district = make_district()
    assert host_client("after-pause.gov.kh").get("/").status_code == 404  # cached as unknown

    redis_cache.pause()
    try:
        Domain.objects.create(domain="after-pause.gov.kh", tenant=district, is_primary=False)
    finally:
        redis_cache.resume()
    _wait_for_retry()

    assert host_client("after-pause.gov.kh").get("/").status_code == 200
    assert not caches["platform"].breaker.is_open


def test_caching_resumes_by_itself_when_redis_returns(
    redis_cache, make_district, host_client, caplog
):
    """After a restart, pages are cached again without anyone acting, and the log says Redis is
    back."""
    district = make_district()
    client = host_client(district.primary_domain)
    caplog.set_level(logging.WARNING, logger="srok.resilience")
    redis_cache.stop()
    assert client.get("/").status_code == 200

    redis_cache.start()
    _wait_for_retry()
    assert client.get("/").status_code == 200
    client.get("/")

    keys = [key.decode() for key in redis_cache.client().keys("*")]
    assert any(":page:" in key for key in keys)
    assert any("hostmap:generation" in key for key in keys)
    assert any("is back" in r.message for r in caplog.records if r.name == "srok.resilience")


def test_officers_log_in_and_work_while_redis_is_down(
    redis_cache, make_district, make_officer, host_client
):
    """An officer logs in, opens the console and answers feedback with no cache at all."""
    district = make_district()
    email = make_officer(district, "publisher")
    citizen = host_client(district.primary_domain)
    redis_cache.stop()

    sent = citizen.post(
        "/en/feedback/", {"category": "service", "message": "The market road floods every year."}
    )
    assert sent.status_code == 200
    with schema_context(district.schema_name):
        feedback = Feedback.objects.get(message="The market road floods every year.")

    officer = host_client(district.primary_domain)
    assert (
        officer.post("/manage/login/", {"username": email, "password": PASSWORD}).status_code == 302
    )
    assert officer.get("/manage/").status_code == 200
    answered = officer.post(f"/manage/feedback/{feedback.pk}/", {"reply": "Works start in May."})
    assert answered.status_code == 302
    with schema_context(district.schema_name):
        assert Feedback.objects.get(pk=feedback.pk).reply == "Works start in May."


def test_healthz_reports_the_cache_quickly_while_redis_hangs(redis_cache, host_client):
    """/healthz says 503 for the cache, without waiting on the hung server more than once."""
    redis_cache.pause()
    try:
        first = host_client("localhost").get("/healthz")
        second = host_client("localhost").get("/healthz")
    finally:
        redis_cache.resume()

    for response in (first, second):
        assert response.status_code == 503
        assert response.json()["checks"]["cache"]["ok"] is False
    wait_until(redis_cache.ping, what="redis answering")

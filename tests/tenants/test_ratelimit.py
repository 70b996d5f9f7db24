"""Rate limits and the login pause are counted where every process sees them and where Redis
going down changes nothing: an attacker gains nothing by killing Redis, nor by spreading
requests over the server's processes."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import schema_context

from tenants import ratelimit, throttle

DEAD_REDIS = "redis://127.0.0.1:9/0"  # the discard port: nothing answers there


@pytest.fixture
def dead_redis(settings):
    """Both caches pointed at an address where no Redis runs."""
    settings.CACHES = {
        name: {
            **config,
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
        for name, config in settings.CACHES.items()
    }
    with pytest.raises(Exception):  # noqa: B017 (redis-py's own ConnectionError)
        cache.get("anything")


def test_a_limit_holds_with_the_cache_pointed_at_a_dead_redis(dead_redis, district_a):
    with schema_context(district_a.schema_name):
        verdicts = [
            ratelimit.hit("search", "10.1.1.1", limit=3, seconds=60).allowed for _ in range(4)
        ]

    assert verdicts == [True, True, True, False]


def test_a_login_pause_survives_redis_dying_and_holds_without_it(request, settings, district_a):
    with schema_context(district_a.schema_name):
        for _ in range(settings.LOGIN_FAILURE_LIMIT):
            throttle.record_failure("officer@example.org", "10.2.2.2")

    request.getfixturevalue("dead_redis")
    with schema_context(district_a.schema_name):
        assert throttle.is_locked("officer@example.org", "10.2.2.2")
        assert not throttle.is_locked("officer@example.org", "10.3.3.3")
        throttle.clear("officer@example.org", "10.2.2.2")
        assert not throttle.is_locked("officer@example.org", "10.2.2.2")


def test_requests_counted_by_another_process_count_here(district_a):
    """Another Python process (as another gunicorn worker would) counts two requests; this
    process sees them and the third is refused."""
    database = {key: settings.DATABASES["default"][key] for key in ("NAME", "USER", "HOST", "PORT")}
    database["PASSWORD"] = settings.DATABASES["default"].get("PASSWORD", "")
    code = (
        "import json, sys, django\n"
        "django.setup()\n"
        "from django.db import connections\n"
        "connections['default'].settings_dict.update(json.loads(sys.argv[1]))\n"
        "from django_tenants.utils import schema_context\n"
        "from tenants import ratelimit\n"
        f"with schema_context({district_a.schema_name!r}):\n"
        "    for _ in range(2):\n"
        "        ratelimit.hit('api', '10.4.4.4', limit=2, seconds=600)\n"
    )
    subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code, json.dumps(database)],
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "platform_site.settings"},
        cwd=settings.BASE_DIR,
        timeout=120,
    )

    with schema_context(district_a.schema_name):
        assert ratelimit.count("api", "10.4.4.4") == 2
        assert not ratelimit.hit("api", "10.4.4.4", limit=2, seconds=600).allowed


def test_a_window_that_has_passed_starts_again(district_a):
    with schema_context(district_a.schema_name):
        ratelimit.hit("forms", "10.5.5.5", limit=1, seconds=600)
        assert not ratelimit.hit("forms", "10.5.5.5", limit=1, seconds=600).allowed
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {ratelimit.TABLE} SET expires_at = now() - interval '1 second'")
        assert ratelimit.hit("forms", "10.5.5.5", limit=1, seconds=600).allowed

"""Settings are safe by default and read from the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings_in_subprocess(env, expression):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SROK_", "SECRET_KEY", "DEBUG", "HTTPS"))
    }
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='platform_site.settings';"
        f"from django.conf import settings; print(repr({expression}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_outside_development_a_missing_secret_key_stops_start_up():
    result = _settings_in_subprocess({}, "settings.SECRET_KEY")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked():
    result = _settings_in_subprocess({"SECRET_KEY": "s" * 50}, "settings.DEBUG")

    assert result.stdout.strip() == "False"


def test_https_turns_on_secure_cookies_and_hsts():
    result = _settings_in_subprocess(
        {"SECRET_KEY": "s" * 50, "HTTPS": "1"},
        "(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SECURE_HSTS_SECONDS)",
    )

    assert result.stdout.strip() == "(True, True, 31536000)"


def test_auth_and_sessions_are_both_per_district_and_platform_wide():
    from django.conf import settings

    for app in ("django.contrib.auth", "django.contrib.sessions"):
        assert app in settings.SHARED_APPS
        assert app in settings.TENANT_APPS
    assert not hasattr(settings, "SESSION_COOKIE_DOMAIN") or settings.SESSION_COOKIE_DOMAIN is None


def test_cache_keys_are_prefixed_with_the_schema(district_a, district_b):
    from django.core.cache import cache
    from django_tenants.utils import schema_context

    with schema_context(district_a.schema_name):
        cache.set("home-page", "A's page")
    with schema_context(district_b.schema_name):
        assert cache.get("home-page") is None
        cache.set("home-page", "B's page")
    with schema_context(district_a.schema_name):
        assert cache.get("home-page") == "A's page"

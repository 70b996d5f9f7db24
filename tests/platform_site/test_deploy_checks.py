"""`manage.py check --deploy` finds nothing under production settings: a secret key from the
environment, HTTPS=1, DEBUG off, SROK_DEVELOPMENT unset. The two checks silenced on purpose
(HSTS includeSubDomains and preload: official domains are not all ours to pin) are named in
platform_site/settings.py with the reason."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Never connected to: the checks run without --database.
UNREACHABLE_DATABASE = "postgres://srok@127.0.0.1:9/srok"


def manage(*arguments, **environment):
    clean = {
        name: value
        for name, value in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests in this process, never in production.
        if not name.startswith(
            ("SROK_", "SECRET_KEY", "DEBUG", "HTTPS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        )
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**clean, "DATABASE_URL": UNREACHABLE_DATABASE, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        SECRET_KEY=secrets.token_urlsafe(50),
        HTTPS="1",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_when_production_is_served_over_plain_http():
    """The same command catches a real mistake: without HTTPS=1, cookies are not secure."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY="s" * 50)

    assert result.returncode != 0
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE


def _production_setting(name):
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    result = manage("shell", "-c", code, SECRET_KEY="s" * 50, HTTPS="1")
    assert result.returncode == 0, result.stderr
    return eval(result.stdout.strip().splitlines()[-1])  # noqa: S307 (our own repr)


def test_with_https_plain_requests_are_redirected_except_the_health_probe_and_the_tls_ask(
    settings, make_district, host_client
):
    """Production's redirect settings, applied here: a citizen's plain-HTTP request goes to
    HTTPS, while /healthz and Caddy's ask, which arrive over plain HTTP on a private address,
    get their real answer."""
    settings.SECURE_SSL_REDIRECT = _production_setting("SECURE_SSL_REDIRECT")
    settings.SECURE_REDIRECT_EXEMPT = _production_setting("SECURE_REDIRECT_EXEMPT")
    district = make_district()

    home = host_client(district.primary_domain).get("/")
    health = host_client(district.primary_domain).get("/healthz")
    ask = host_client("localhost").get("/tls/ask", {"domain": district.primary_domain})

    assert home.status_code == 301
    assert home["Location"] == f"https://{district.primary_domain}/"
    assert health.status_code == 200
    assert ask.status_code == 200


def test_with_media_on_s3_images_may_come_from_the_buckets_endpoint_and_the_map_tiles_only():
    """/media/ links redirect to presigned object URLs, which the policy must let through; the
    projects map's street tiles are the one other origin images may come from."""
    code = (
        "from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    result = manage(
        "shell",
        "-c",
        code,
        SECRET_KEY="s" * 50,
        AWS_STORAGE_BUCKET_NAME="srok-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org:9000/",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(
        [
            "'self'",
            "https://s3.example.org:9000",
            "https://srok-media.s3.example.org:9000",
            "https://tile.openstreetmap.org",
        ]
    )

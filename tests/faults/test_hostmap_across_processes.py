"""In development (no Redis), the host map is still shared by every process: a district
onboarded from the command line while the server runs is served at once, even on a host that
was asked for (and cached as unknown) before it existed."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from .conftest import skip_on_the_embedded_database


def _manage(*arguments):
    """Run manage.py in another process, on this run's database and host-map files."""
    env = {
        **os.environ,
        "SROK_DEVELOPMENT": "1",
        "DATABASE_URL": _database_url(),
        "SROK_CACHE_DIR": settings.CACHES["platform"]["LOCATION"],
        "CELERY_BROKER_URL": "",
    }
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def shared_file_cache():
    if not settings.CACHES["platform"]["BACKEND"].endswith("FileBasedCache"):
        pytest.skip("the platform cache is Redis here, which processes share by design")
    skip_on_the_embedded_database()


def test_a_district_onboarded_by_another_process_is_served_at_once(
    shared_file_cache, host_client, unused_district_code
):
    host = "asked-before.gov.kh"
    assert host_client(host).get("/").status_code == 404
    assert host_client("localhost").get(f"/tls/ask?domain={host}").status_code == 404

    done = _manage(
        "onboard_district",
        f"--code={unused_district_code()}",
        f"--domain={host}",
        "--officer-email=first@asked-before.example",
    )
    assert done.returncode == 0, done.stderr

    assert host_client(host).get("/").status_code == 200
    assert host_client("localhost").get(f"/tls/ask?domain={host}").status_code == 200

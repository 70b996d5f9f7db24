"""While PostgreSQL restarts, requests get a short bilingual 503 with Retry-After (not a 500,
not a hang); connections come back by themselves; a feedback form sent during the outage comes
back filled in, and sending it again stores it once (tenants/unavailable.py)."""

import re
import subprocess
from html import unescape

import pytest
import requests
from django.db import connections

from .conftest import PG_BIN, WebServer, skip_on_the_embedded_database

MESSAGE = "The bridge at Phum Thmei has a broken rail.\nPlease repair it before the rains."


@pytest.fixture(scope="module")
def district_on_own_cluster(make_district, postgres_cluster, django_db_blocker):
    skip_on_the_embedded_database()
    """A district and the platform's tables copied into the test's own cluster."""
    district = make_district()
    db = connections["default"].settings_dict
    dump = subprocess.run(
        [
            str(PG_BIN / "pg_dump"), "-h", db["HOST"], "-p", str(db["PORT"] or 5432),
            "-U", db["USER"], "-d", db["NAME"], "-n", "public", "-n", district.schema_name,
            "--no-owner", "--no-privileges",
        ],
        check=True, capture_output=True, env={"PGPASSWORD": db["PASSWORD"] or ""},
    ).stdout  # fmt: skip
    postgres_cluster.psql("CREATE DATABASE srok")
    postgres_cluster.psql("DROP SCHEMA public", database="srok")  # the dump creates it
    restored = subprocess.run(
        [
            str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(postgres_cluster.port),
            "-U", "postgres", "-d", "srok", "-q", "-v", "ON_ERROR_STOP=1",
        ],
        input=dump, capture_output=True,
    )  # fmt: skip
    assert restored.returncode == 0, restored.stderr.decode()[-2000:]
    return district


@pytest.fixture(scope="module")
def web(district_on_own_cluster, postgres_cluster, tmp_path_factory):
    """gunicorn serving from the test's cluster."""
    server = WebServer(
        {"DATABASE_URL": f"postgres://postgres@127.0.0.1:{postgres_cluster.port}/srok"},
        tmp_path_factory.mktemp("web"),
    ).start()
    yield server
    server.stop()


@pytest.fixture
def browser_session(web, district_on_own_cluster, postgres_cluster):
    """A citizen's HTTP session with the district's host; the cluster is running after it."""
    session = requests.Session()
    session.headers["Host"] = district_on_own_cluster.primary_domain
    session.get_path = lambda path: session.get(web.url(path), timeout=30)
    session.post_path = lambda path, data: session.post(web.url(path), data=data, timeout=30)
    yield session
    if not postgres_cluster.is_running():
        postgres_cluster.start()


def test_pages_answer_a_bilingual_503_while_postgres_is_down_and_recover(
    browser_session, postgres_cluster, web
):
    citizen = browser_session
    assert citizen.get_path("/en/budget/").status_code == 200

    postgres_cluster.stop()
    cached = citizen.get_path("/en/budget/")
    # A search must read the database (a page whose parts are kept per publication in the
    # cache may be served whole without it: core/page_cache.memo).
    uncached = citizen.get_path("/en/search/?q=road")
    tracking = citizen.get_path("/en/feedback/track/ABCD-EFGH/")

    assert cached.status_code == 200  # a page already cached is still served
    for response in (uncached, tracking):
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert "The website is busy for a moment" in response.text
        assert "គេហទំព័រ" in response.text  # Khmer first

    postgres_cluster.start()
    assert citizen.get_path("/en/search/?q=road").status_code == 200  # reconnected
    assert "Traceback" not in web.log_text()  # one warning, not an error per request


def test_feedback_sent_during_the_outage_comes_back_filled_in_and_is_stored_once(
    browser_session, postgres_cluster, district_on_own_cluster
):
    citizen = browser_session
    form = citizen.get_path("/en/feedback/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    fields = {"csrfmiddlewaretoken": token, "category": "project", "message": MESSAGE}

    postgres_cluster.stop()
    refused = citizen.post_path("/en/feedback/", fields)

    assert refused.status_code == 503
    kept = {
        unescape(name): unescape(value)
        for name, value in re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)"', refused.text
        )
    }
    assert kept["message"].replace("\r\n", "\n") == MESSAGE
    assert kept["category"] == "project"
    assert 'action="/en/feedback/"' in refused.text

    postgres_cluster.start()
    assert _cluster_feedback(postgres_cluster, district_on_own_cluster) == 0  # nothing half-written
    assert citizen.post_path("/en/feedback/", kept).status_code == 200
    assert _cluster_feedback(postgres_cluster, district_on_own_cluster) == 1


def test_a_restart_between_requests_is_invisible_to_the_next_one(browser_session, postgres_cluster):
    """A persistent connection broken by a restart is replaced before the next request uses
    it (CONN_HEALTH_CHECKS), so after the restart no request fails at all."""
    citizen = browser_session
    assert citizen.get_path("/en/projects/").status_code == 200

    postgres_cluster.stop()
    postgres_cluster.start()

    assert citizen.get_path("/en/projects/").status_code == 200


def _cluster_feedback(cluster, district):
    return int(
        cluster.psql(
            f"SELECT count(*) FROM {district.schema_name}.feedback_feedback "
            f"WHERE message LIKE 'The bridge at Phum Thmei%'",
            database="srok",
        ).strip()
    )

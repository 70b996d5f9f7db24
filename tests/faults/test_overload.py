"""Under overload gunicorn answers what it can and turns the rest away at once with a 503 and
Retry-After; nothing else fails and no feedback is lost (platform_site/shedding.py)."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection

from .conftest import WebServer, skip_on_the_embedded_database


def _database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def web(make_district, tmp_path):
    skip_on_the_embedded_database()
    district = make_district()
    server = WebServer(
        {
            "DATABASE_URL": _database_url(),
            "SROK_CACHE_DIR": str(tmp_path / "cache"),
            "SHED_MAX_IN_FLIGHT": "1",
            "SHED_QUEUE_SECONDS": "2",
        },
        tmp_path,
        threads=4,
    ).start()
    server.host = district.primary_domain
    server.district = district
    yield server
    server.stop()


def test_a_request_that_waited_too_long_in_the_queue_is_turned_away_at_once(web):
    stale = {"Host": web.host, "X-Request-Start": f"t={int((time.time() - 30) * 1000)}"}
    fresh = {"Host": web.host, "X-Request-Start": f"t={int(time.time() * 1000)}"}

    turned_away = requests.get(web.url("/en/budget/"), headers=stale, timeout=30)
    answered = requests.get(web.url("/en/budget/"), headers=fresh, timeout=30)

    assert turned_away.status_code == 503
    assert turned_away.headers["Retry-After"] == "5"
    assert "Many people are using the website right now" in turned_away.text
    assert answered.status_code == 200


def test_a_burst_beyond_capacity_gets_answers_or_quick_503s_and_loses_no_feedback(web):
    """Twenty citizens at once against one request in progress: each gets a 200 or a 503, none
    another error; every feedback answered 200 is stored, and the log names only shedding."""

    def send(number):
        session = requests.Session()
        form = session.get(web.url("/en/feedback/"), headers={"Host": web.host}, timeout=60)
        if form.status_code != 200:
            return form.status_code, None
        token = session.cookies.get("csrftoken")
        message = f"Burst message number {number}, about the road."
        sent = session.post(
            web.url("/en/feedback/"),
            headers={"Host": web.host},
            data={"csrfmiddlewaretoken": token, "category": "service", "message": message},
            timeout=60,
        )
        return sent.status_code, message

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(send, range(20)))

    statuses = {status for status, _message in results}
    assert statuses <= {200, 503}
    assert 503 in statuses  # the bound held
    from django_tenants.utils import schema_context

    from district_site.feedback.models import Feedback

    accepted = [message for status, message in results if status == 200 and message]
    with schema_context(web.district.schema_name):
        stored = set(Feedback.objects.values_list("message", flat=True))
    assert set(accepted) <= stored
    log = web.log_text()
    assert "Traceback" not in log and "ERROR" not in log

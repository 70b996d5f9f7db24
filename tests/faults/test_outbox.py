"""With the broker down, feedback, publications and uploads are still accepted and committed;
the tasks they need wait in the outbox and reach the broker once it returns, each once
(tenants/outbox.py)."""

import base64
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tenants.utils import schema_context

from district_site.feedback.models import Feedback
from district_site.news.models import NewsPost
from platform_site.celery import app
from tenants import resilience
from tenants.models import OutboxMessage
from tests.district_site.conftest import phone_photo, says, upload
from tests.district_site.news.test_console import POST

from .conftest import write_to_broker

WAITING = (
    "This photo is waiting to be processed. The background service is unavailable just now; "
    "the photo is kept and will appear by itself when the service is back."
)
FEEDBACK = {"category": "service", "message": "The well in Kouk Kduoch village is dry."}


@pytest.fixture
def broker(settings, own_redis):
    """Tasks published to the test's own Redis, as production publishes to its broker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.BROKER_RETRY_SECONDS = 0
    resilience._breakers.pop("Celery broker", None)
    previous = app.conf.get("broker_write_url")
    write_to_broker(own_redis.url)
    yield own_redis
    write_to_broker(previous)
    resilience._breakers.pop("Celery broker", None)


def queued(redis_server):
    """The task messages waiting in the broker's queue: [(task name, schema, args)]."""
    raw = redis_server.client().lrange(app.conf.task_default_queue, 0, -1)
    messages = []
    for item in reversed(raw):  # kombu pushes on the left
        message = json.loads(item)
        args = json.loads(base64.b64decode(message["body"]))[0]
        headers = message["headers"]
        messages.append((headers["task"], headers["_schema_name"], args))
    return messages


def _pending(schema_name):
    return OutboxMessage.objects.filter(schema_name=schema_name, sent_at__isnull=True)


def test_tasks_reach_the_broker_when_the_change_commits(broker, make_district, host_client):
    district = make_district()

    assert host_client(district.primary_domain).post("/en/feedback/", FEEDBACK).status_code == 200

    with schema_context(district.schema_name):
        feedback = Feedback.objects.get(message=FEEDBACK["message"])
    assert sorted(queued(broker)) == [
        ("district_site.core.tasks.refresh_district_snapshot", district.schema_name, []),
        ("district_site.feedback.tasks.notify_officers", district.schema_name, [feedback.pk]),
    ]
    assert not _pending(district.schema_name).exists()


def test_feedback_sent_while_the_broker_is_down_is_kept_and_its_tasks_sent_once_it_returns(
    broker, make_district, host_client
):
    district = make_district()
    broker.stop()

    sent = host_client(district.primary_domain).post("/en/feedback/", FEEDBACK)

    assert sent.status_code == 200
    with schema_context(district.schema_name):
        feedback = Feedback.objects.get(message=FEEDBACK["message"])
    assert feedback.tracking_code in sent.content.decode()  # the citizen can follow it
    assert _pending(district.schema_name).count() == 2
    with pytest.raises(CommandError):
        call_command("relay_outbox")  # still down: says so, keeps everything

    broker.start()
    call_command("relay_outbox")
    call_command("relay_outbox")  # a second relay finds nothing left to send

    assert sorted(queued(broker)) == [
        ("district_site.core.tasks.refresh_district_snapshot", district.schema_name, []),
        ("district_site.feedback.tasks.notify_officers", district.schema_name, [feedback.pk]),
    ]
    assert not _pending(district.schema_name).exists()


def test_many_changes_while_the_broker_is_down_need_one_snapshot_refresh(
    broker, make_district, host_client
):
    """Three feedback messages: three notifications, one refresh of the district's figures."""
    district = make_district()
    broker.stop()
    client = host_client(district.primary_domain)
    for number in range(3):
        client.post("/en/feedback/", {**FEEDBACK, "message": f"Message number {number} here."})

    broker.start()
    call_command("relay_outbox")

    names = [name for name, _schema, _args in queued(broker)]
    assert names.count("district_site.feedback.tasks.notify_officers") == 3
    assert names.count("district_site.core.tasks.refresh_district_snapshot") == 1


def test_an_officer_sees_a_photo_waiting_to_be_processed_not_an_error(
    broker, officer, make_district
):
    """A news post with a photo, published while the broker is down: saved, and the console
    says in Khmer that the photo waits; once the broker is back its resizing is queued once."""
    district = make_district()
    publisher = officer(district, "publisher")
    broker.stop()

    response = publisher.post(
        "/manage/news/new/", {**POST, "photo": upload(phone_photo(800, 600))}, follow=True
    )

    assert response.status_code == 200
    with schema_context(district.schema_name):
        post = NewsPost.objects.get(title_km=POST["title_km"])
    form = publisher.get(f"/manage/news/{post.pk}/")
    assert says(form, WAITING)

    broker.start()
    call_command("relay_outbox")
    call_command("relay_outbox")
    photo_tasks = [m for m in queued(broker) if m[0] == "district_site.content.tasks.finish_photo"]
    assert len(photo_tasks) == 1
    assert not says(publisher.get(f"/manage/news/{post.pk}/"), WAITING)


def test_a_publication_while_the_broker_is_down_rebuilds_the_open_data_once_it_returns(
    broker, officer, make_district, host_client
):
    """Two published answers (which change the published feedback statistics) are committed;
    the platform-wide open data rebuild they need waits and is sent once."""
    district = make_district()
    citizen = host_client(district.primary_domain)
    for number in range(2):
        citizen.post("/en/feedback/", {**FEEDBACK, "message": f"Question number {number} here."})
    publisher = officer(district, "publisher")
    broker.stop()

    with schema_context(district.schema_name):
        pks = list(Feedback.objects.values_list("pk", flat=True))
    for pk in pks:
        answer = {"reply": "Thank you, it is planned.", "publish": "on"}
        assert publisher.post(f"/manage/feedback/{pk}/", answer).status_code == 302
    with schema_context(district.schema_name):
        assert Feedback.objects.filter(reply_published=True).count() == 2

    broker.start()  # empty: what was queued before the outage went with the old process
    call_command("relay_outbox")

    names = [name for name, _schema, _args in queued(broker)]
    assert names.count("district_site.opendata.tasks.rebuild_platform_open_data") == 1

"""A citizen who left an e-mail address with their feedback is told, once, when the district
answers: the answer action queues the mail through the outbox, the worker sends it (the run's
real Celery worker where there is a broker), in Khmer then English, with their tracking link."""

import re
import time

import pytest
from django_tenants.utils import schema_context

from district_site.feedback.models import Feedback
from district_site.feedback.tasks import tell_citizen_answered
from tests.conftest import PASSWORD


@pytest.fixture
def worker(request, settings):
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        request.getfixturevalue("celery_worker")


def _send(client, contact):
    sent = client.post(
        "/en/feedback/",
        {"category": "service", "message": "ផ្លូវទៅមណ្ឌលសុខភាពខូច។", "contact": contact},
    )
    return re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", sent.content.decode()).group(0)


def _answer(host_client, make_officer, district, code, reply="យើងនឹងជួសជុលក្នុងខែធ្នូ។"):
    officer = host_client(district.primary_domain)
    officer.post(
        "/manage/login/", {"username": make_officer(district, "publisher"), "password": PASSWORD}
    )
    with schema_context(district.schema_name):
        pk = Feedback.objects.get(tracking_code=code).pk
    officer.post(f"/manage/feedback/{pk}/", {"reply": reply, "publish": "on"})
    return pk


def _mail_to(mailoutbox, address, count=1, timeout=30):
    """The messages sent to ``address`` once ``count`` have arrived (the worker is another
    thread), or what there is after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mails = [m for m in mailoutbox if address in m.to]
        if len(mails) >= count:
            return mails
        time.sleep(0.05)
    return [m for m in mailoutbox if address in m.to]


def test_the_citizen_is_emailed_in_khmer_and_english_when_the_district_answers(
    worker, host_client, make_district, make_officer, mailoutbox
):
    district = make_district()
    address = f"citizen-{district.code}@example.com"
    code = _send(host_client(district.primary_domain), contact=f" {address} ")

    pk = _answer(host_client, make_officer, district, code)

    (mail,) = _mail_to(mailoutbox, address)
    assert mail.to == [address]
    assert code in mail.subject and district.name in mail.subject
    site = f"http://{district.primary_domain}:8000"
    assert f"{site}/feedback/track/{code}/" in mail.body
    assert f"{site}/en/feedback/track/{code}/" in mail.body
    assert "សាលាស្រុកបានឆ្លើយមតិ" in mail.body  # Khmer first
    assert "The district office has answered" in mail.body
    # The answer itself stays behind the tracking link, not in a mail anyone may forward.
    assert "ជួសជុលក្នុងខែធ្នូ" not in mail.body
    with schema_context(district.schema_name):
        assert Feedback.objects.get(pk=pk).answer_mailed_at is not None


def test_a_second_answer_or_a_task_delivered_twice_sends_no_second_mail(
    worker, host_client, make_district, make_officer, mailoutbox
):
    district = make_district()
    address = f"twice-{district.code}@example.com"
    code = _send(host_client(district.primary_domain), contact=address)
    pk = _answer(host_client, make_officer, district, code)
    assert len(_mail_to(mailoutbox, address)) == 1

    _answer(host_client, make_officer, district, code, reply="ការងារបានចាប់ផ្តើម។")
    with schema_context(district.schema_name):
        assert tell_citizen_answered(pk) == 0  # as a redelivered message would run

    time.sleep(1)  # a second mail, were one queued, has had time to arrive
    assert len([m for m in mailoutbox if address in m.to]) == 1


def test_a_citizen_who_left_a_phone_number_gets_no_mail(
    host_client, make_district, make_officer, mailoutbox
):
    district = make_district()
    code = _send(host_client(district.primary_domain), contact="012 345 678")

    pk = _answer(host_client, make_officer, district, code)

    with schema_context(district.schema_name):
        assert tell_citizen_answered(pk) == 0
        assert Feedback.objects.get(pk=pk).answer_mailed_at is None
    assert not [m for m in mailoutbox if "012 345 678" in " ".join(m.to)]

"""An officer who forgot their password asks for a link by e-mail on their district's host:
the e-mail is in Khmer (with an English copy), its link names the district's primary domain,
and the form can be used neither to flood a mailbox nor to learn who has an account."""

import re
import threading

import pytest
from django.utils import translation

from district_site.manage import passwords

from ..conftest import log_in, says

NEW = "another-long-password-7"


def _reset_link(mail):
    return re.search(r"https?://(\S+?)(/manage/password/reset/\S+/)", mail.body)


def test_an_officer_resets_a_forgotten_password_by_e_mail(
    make_district, make_officer, host_client, mailoutbox
):
    district = make_district()
    email = make_officer(district)
    client = host_client(district.primary_domain)

    sent = client.post("/manage/password/reset/", {"email": email.upper()})

    assert sent.status_code == 302 and sent["Location"] == "/manage/password/reset/sent/"
    [mail] = mailoutbox
    assert mail.to == [email]
    with translation.override("km"):
        assert (
            translation.gettext("Reset your password on the website of %(district)s district")
            % {"district": district.name}
            == mail.subject
        )
    link = _reset_link(mail)
    assert link.group(1).split(":")[0] == district.primary_domain
    form = client.get(link.group(2), follow=True)
    assert says(form, "Choose your password")
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert log_in(host_client(district.primary_domain), email, NEW).status_code == 302
    assert client.get(link.group(2), follow=True).context["validlink"] is False


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(
    make_district, host_client, mailoutbox
):
    district = make_district()

    response = host_client(district.primary_domain).post(
        "/manage/password/reset/", {"email": "nobody@example.org"}, follow=True
    )

    assert says(response, "Check your e-mail")
    assert not mailoutbox


def test_an_officer_of_a_gets_no_link_from_bs_host(
    make_district, make_officer, host_client, mailoutbox
):
    district_a, district_b = make_district(), make_district()
    email = make_officer(district_a)

    host_client(district_b.primary_domain).post("/manage/password/reset/", {"email": email})

    assert not mailoutbox


def test_a_link_made_for_a_does_not_work_on_bs_host(
    make_district, make_officer, host_client, mailoutbox
):
    district_a, district_b = make_district(), make_district()
    email = make_officer(district_a)
    host_client(district_a.primary_domain).post("/manage/password/reset/", {"email": email})
    path = _reset_link(mailoutbox[0]).group(2)

    response = host_client(district_b.primary_domain).get(path, follow=True)

    assert response.context["validlink"] is False


def test_a_disabled_officer_gets_no_link(make_district, officer, host_client, mailoutbox):
    from django.contrib.auth import get_user_model
    from django_tenants.utils import tenant_context

    district = make_district()
    editor = officer(district, "editor")
    with tenant_context(district):
        get_user_model().objects.filter(username=editor.email).update(is_active=False)

    host_client(district.primary_domain).post("/manage/password/reset/", {"email": editor.email})

    assert not mailoutbox


def test_requests_are_throttled_per_account_and_per_address(
    make_district, make_officer, host_client, mailoutbox
):
    district = make_district()
    email = make_officer(district)
    client = host_client(district.primary_domain)

    for _request in range(passwords.PER_ACCOUNT_PER_HOUR + 1):
        client.post("/manage/password/reset/", {"email": email})
    assert len(mailoutbox) == passwords.PER_ACCOUNT_PER_HOUR

    for _request in range(passwords.PER_ADDRESS_PER_HOUR - passwords.PER_ACCOUNT_PER_HOUR - 1):
        client.post("/manage/password/reset/", {"email": "someone@example.org"})
    refused = client.post("/manage/password/reset/", {"email": "someone@example.org"})
    assert refused.status_code == 200
    assert says(refused, "Too many requests from this connection. Wait an hour, then try again.")


def test_the_login_page_links_to_the_reset_form(make_district, host_client):
    district = make_district()

    response = host_client(district.primary_domain).get("/manage/login/")

    assert 'href="/manage/password/reset/"' in response.content.decode()


def test_the_e_mail_is_sent_by_the_worker_after_the_request_returned(
    make_district, make_officer, host_client, mailoutbox, settings
):
    """The request only queues the e-mail (tenants/outbox.py): a slow or absent mail server
    never holds the officer's page."""
    from tenants.models import OutboxMessage

    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("no broker configured: tasks run in the request's process")
    settings.EMAIL_BACKEND = "tests.mail.ThreadRecordingBackend"
    district = make_district()
    email = make_officer(district)

    sent = host_client(district.primary_domain).post("/manage/password/reset/", {"email": email})

    assert sent.status_code == 302
    assert OutboxMessage.objects.filter(
        schema_name=district.schema_name, task="district_site.manage.tasks.send_password_reset"
    ).exists()
    [mail] = mailoutbox
    assert mail.to == [email]
    assert mail.sent_in != threading.current_thread().name

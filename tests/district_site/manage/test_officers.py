"""The district administrator manages the district's officers from the console: invites by
e-mail with a role, changes roles, disables accounts; every change is in the audit log, and
the district always keeps an administrator."""

import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from django_tenants.utils import tenant_context

from district_site.manage.models import OfficerEvent
from tenants.models import AuditEvent

from ..conftest import log_in, says


def _user(district, email):
    with tenant_context(district):
        user = get_user_model().objects.get(username=email)
        user.role_names = sorted(user.groups.values_list("name", flat=True))
        return user


def test_the_officers_screen_lists_each_officer_with_role_and_last_login(make_district, officer):
    district = make_district()
    admin = officer(district, "district_admin")
    editor = officer(district, "editor")

    response = admin.get("/manage/officers/")

    content = response.content.decode()
    assert response.status_code == 200
    assert editor.email in content and admin.email in content
    # The screen shows the district's local date: after 17:00 UTC it is already tomorrow in
    # Phnom Penh, so the UTC date would fail every evening.
    last_login = timezone.localtime(_user(district, editor.email).last_login)
    assert last_login.strftime("%Y-%m-%d") in content
    assert says(response, "Invite an officer")


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_editors_and_publishers_are_refused_the_officers_screen(make_district, officer, role):
    district = make_district()
    client = officer(district, role)
    other = officer(district, "editor")
    target = _user(district, other.email)

    assert client.get("/manage/officers/").status_code == 403
    assert (
        client.post("/manage/officers/", {"email": "x@example.org", "role": "editor"}).status_code
        == 403
    )
    assert client.post(f"/manage/officers/{target.pk}/disable/").status_code == 403
    assert (
        client.post(
            f"/manage/officers/{target.pk}/role/", {f"officer{target.pk}-role": "district_admin"}
        ).status_code
        == 403
    )
    assert _user(district, other.email).is_active
    assert _user(district, other.email).role_names == ["editor"]


def test_an_invited_officer_gets_the_e_mail_and_sets_a_password_on_the_districts_host(
    make_district, officer, host_client, mailoutbox
):
    district = make_district()
    admin = officer(district, "district_admin")

    response = admin.post(
        "/manage/officers/", {"email": "New.Officer@Example.org", "role": "publisher"}
    )

    assert response.status_code == 302
    assert _user(district, "new.officer@example.org").role_names == ["publisher"]
    [mail] = [m for m in mailoutbox if "new.officer@example.org" in m.to]
    link = re.search(r"https?://(\S+?)(/manage/invitation/\S+)", mail.body)
    assert link.group(1).startswith(district.primary_domain)
    newcomer = host_client(district.primary_domain)
    form = newcomer.get(link.group(2), follow=True)
    newcomer.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-long-new-password-9", "new_password2": "a-long-new-password-9"},
    )
    assert log_in(newcomer, "new.officer@example.org", "a-long-new-password-9").status_code == 302
    with tenant_context(district):
        assert OfficerEvent.objects.filter(
            action="invited", officer="new.officer@example.org"
        ).exists()
    assert AuditEvent.objects.filter(
        district=district, action="officer_invited", detail__officer="new.officer@example.org"
    ).exists()


def test_a_bad_or_taken_address_is_refused_with_a_message_and_nothing_is_sent(
    make_district, officer, mailoutbox
):
    district = make_district()
    admin = officer(district, "district_admin")

    bad = admin.post("/manage/officers/", {"email": "not-an-address", "role": "editor"})
    taken = admin.post("/manage/officers/", {"email": admin.email, "role": "editor"})

    assert bad.status_code == 200 and says(
        bad, "Write a whole e-mail address, such as name@example.org."
    )
    assert taken.status_code == 200 and "errorlist" in taken.content.decode()
    assert not mailoutbox


def test_the_administrator_changes_a_role_and_the_audit_log_shows_it(make_district, officer):
    district = make_district()
    admin = officer(district, "district_admin")
    editor = officer(district, "editor")
    target = _user(district, editor.email)

    admin.post(f"/manage/officers/{target.pk}/role/", {f"officer{target.pk}-role": "publisher"})

    assert _user(district, editor.email).role_names == ["publisher"]
    assert editor.post(f"/manage/pages/{_about(district)}/withdraw/").status_code == 302
    log = admin.get("/manage/revisions/")
    assert editor.email in log.content.decode()
    assert says(log, "Officer's role changed")
    # The province answers for who may publish: its trail has the change too.
    assert AuditEvent.objects.filter(
        district=district,
        action="officer_role",
        actor=admin.email,
        detail__officer=editor.email,
        detail__old_role="editor",
        detail__role="publisher",
    ).exists()


def _about(district):
    from district_site.pages.models import Page

    with tenant_context(district):
        return Page.objects.get(slug="about").pk


def test_a_disabled_officer_is_logged_out_and_cannot_log_in_again(
    make_district, officer, host_client
):
    district = make_district()
    admin = officer(district, "district_admin")
    editor = officer(district, "editor")
    target = _user(district, editor.email)

    admin.post(f"/manage/officers/{target.pk}/disable/")

    assert not _user(district, editor.email).is_active
    assert editor.get("/manage/").status_code == 302
    assert log_in(host_client(district.primary_domain), editor.email).status_code == 200
    assert AuditEvent.objects.filter(
        district=district, action="officer_disabled", detail__officer=editor.email
    ).exists()
    with tenant_context(district):
        assert OfficerEvent.objects.filter(action="disabled", officer=editor.email).exists()


def test_a_disabled_officer_is_enabled_again_with_the_role_they_had(
    make_district, officer, host_client
):
    district = make_district()
    admin = officer(district, "district_admin")
    publisher = officer(district, "publisher")
    target = _user(district, publisher.email)
    admin.post(f"/manage/officers/{target.pk}/disable/")
    assert says(admin.get("/manage/officers/"), "Enable again")

    enabled = admin.post(f"/manage/officers/{target.pk}/enable/", follow=True)

    with translation.override("km"):
        told = gettext("%(email)s can log in again, with the role they had.")
    assert escape(told % {"email": publisher.email}) in enabled.content.decode()
    assert _user(district, publisher.email).is_active
    assert _user(district, publisher.email).role_names == ["publisher"]
    assert log_in(host_client(district.primary_domain), publisher.email).status_code == 302
    assert AuditEvent.objects.filter(
        district=district, action="officer_enabled", detail__officer=publisher.email
    ).exists()
    with tenant_context(district):
        assert OfficerEvent.objects.filter(action="enabled", officer=publisher.email).exists()
    assert says(admin.get("/manage/revisions/"), "Officer enabled again")


def test_enabling_an_active_officer_again_records_nothing(make_district, officer):
    district = make_district()
    admin = officer(district, "district_admin")
    editor = officer(district, "editor")

    admin.post(f"/manage/officers/{_user(district, editor.email).pk}/enable/")

    assert not AuditEvent.objects.filter(district=district, action="officer_enabled").exists()


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_only_administrators_enable_an_officer_again(make_district, officer, role):
    district = make_district()
    admin = officer(district, "district_admin")
    other = officer(district, "editor")
    target = _user(district, other.email)
    admin.post(f"/manage/officers/{target.pk}/disable/")

    officer(district, role).post(f"/manage/officers/{target.pk}/enable/")

    assert not _user(district, other.email).is_active


def test_an_administrator_of_a_cannot_enable_bs_officers(make_district, officer):
    district_a, district_b = make_district(), make_district()
    admin_a = officer(district_a, "district_admin")
    admin_b = officer(district_b, "district_admin")
    editor_b = officer(district_b, "editor")
    target = _user(district_b, editor_b.email)
    admin_b.post(f"/manage/officers/{target.pk}/disable/")

    admin_a.post(f"/manage/officers/{target.pk}/enable/")

    assert not _user(district_b, editor_b.email).is_active


def test_the_administrator_cannot_disable_or_demote_themself(make_district, officer):
    district = make_district()
    admin = officer(district, "district_admin")
    officer(district, "district_admin")  # another administrator: the only guard left is "self"
    me = _user(district, admin.email)

    disabled = admin.post(f"/manage/officers/{me.pk}/disable/", follow=True)
    demoted = admin.post(
        f"/manage/officers/{me.pk}/role/", {f"officer{me.pk}-role": "editor"}, follow=True
    )

    assert says(
        disabled,
        "You cannot change or disable your own account. Ask another district administrator.",
    )
    assert says(
        demoted,
        "You cannot change or disable your own account. Ask another district administrator.",
    )
    assert _user(district, admin.email).is_active
    assert _user(district, admin.email).role_names == ["district_admin"]


def test_the_last_active_administrator_is_never_disabled_or_demoted(make_district, officer):
    """Two administrators: one disables the other; the one left cannot be removed by anyone."""
    district = make_district()
    first = officer(district, "district_admin")
    second = officer(district, "district_admin")
    first.post(f"/manage/officers/{_user(district, second.email).pk}/disable/")
    assert not _user(district, second.email).is_active

    # The only way left to remove the last one would be another administrator: there is none,
    # so the action itself must refuse, whoever asks.
    from django.core.exceptions import ValidationError

    from district_site.manage import officers

    last = _user(district, first.email)
    with tenant_context(district):
        other = get_user_model().objects.get(username=second.email)
        with pytest.raises(ValidationError):
            officers.disable(district, last, actor=other)
        with pytest.raises(ValidationError):
            officers.change_role(district, last, "editor", actor=other)
    assert _user(district, first.email).is_active
    assert _user(district, first.email).role_names == ["district_admin"]


def test_an_administrator_of_a_cannot_touch_bs_officers(make_district, officer):
    district_a, district_b = make_district(), make_district()
    admin_a = officer(district_a, "district_admin")
    editor_b = officer(district_b, "editor")
    target = _user(district_b, editor_b.email)
    intruder = admin_a.__class__(HTTP_HOST=district_b.primary_domain)
    intruder.cookies["sessionid"] = admin_a.cookies["sessionid"].value

    assert intruder.get("/manage/officers/").status_code == 302
    assert intruder.post(f"/manage/officers/{target.pk}/disable/").status_code == 302
    assert editor_b.email not in admin_a.get("/manage/officers/").content.decode()
    assert _user(district_b, editor_b.email).is_active


def test_the_invitation_is_sent_by_the_worker_after_the_request_returned(
    make_district, officer, mailoutbox, settings
):
    """Inviting only queues the e-mail (tenants/outbox.py): the administrator's page never
    waits on the mail server, and an invitation made while it is away is sent later."""
    from tenants.models import OutboxMessage

    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("no broker configured: tasks run in the request's process")
    settings.EMAIL_BACKEND = "tests.mail.ThreadRecordingBackend"
    district = make_district()
    admin = officer(district, "district_admin")

    sent = admin.post("/manage/officers/", {"email": "later@example.org", "role": "editor"})

    assert sent.status_code == 302
    assert OutboxMessage.objects.filter(
        schema_name=district.schema_name, task="tenants.invitations.deliver_invitation"
    ).exists()
    [mail] = [m for m in mailoutbox if m.to == ["later@example.org"]]
    assert mail.sent_in != threading.current_thread().name

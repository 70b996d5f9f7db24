"""The district administrator manages the district's officers from the console: invites by
e-mail with a role, changes roles, disables accounts; every change is in the audit log, and
the district always keeps an administrator."""

import re

import pytest
from django.contrib.auth import get_user_model
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
    assert _user(district, editor.email).last_login.strftime("%Y-%m-%d") in content
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
            officers.disable(district, last, by=other)
        with pytest.raises(ValidationError):
            officers.change_role(last, "editor", by=other)
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

"""The provincial console: only provincial admins with their second factor get in, and what
they do there goes through the tenancy actions and is recorded."""

import csv
import io
import re

from django.test import Client
from django_tenants.utils import schema_context

from tenants.models import AuditEvent, District
from tests.conftest import PASSWORD, current_code


def _login(client, email, password, code):
    return client.post(
        "/en/console/login/", {"username": email, "password": password, "otp_token": code}
    )


def test_a_password_without_the_second_factor_is_not_enough(provincial_admin):
    client = Client(HTTP_HOST="localhost")

    response = _login(client, provincial_admin["email"], PASSWORD, "000000")

    assert response.status_code == 200
    assert "The e-mail, password or code is wrong" in response.content.decode()
    assert client.get("/en/console/").status_code == 302


def test_repeated_failures_pause_the_account(provincial_admin, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client(HTTP_HOST="localhost")
    for _ in range(3):
        _login(client, provincial_admin["email"], "wrong", "000000")

    response = _login(
        client, provincial_admin["email"], PASSWORD, current_code(provincial_admin["device"])
    )

    assert "Too many failed attempts" in response.content.decode()
    assert client.get("/en/console/").status_code == 302


def test_a_district_officer_cannot_use_the_console(district_a, make_officer):
    email = make_officer(district_a, role="district_admin")
    client = Client(HTTP_HOST="localhost")

    response = _login(client, email, PASSWORD, "000000")

    assert response.status_code == 200
    assert client.get("/en/console/").status_code == 302


def test_the_console_is_not_on_district_hosts(district_a):
    assert Client(HTTP_HOST=district_a.primary_domain).get("/en/console/").status_code == 404


def test_the_wizard_finds_a_district_by_khmer_name_and_onboards_it(
    console, unused_district_code, mailoutbox
):
    code = unused_district_code()
    from tenants.gazetteer.models import AdministrativeUnit

    unit = AdministrativeUnit.objects.get(code=code)

    search = console.get("/en/console/onboard/", {"q": unit.name_km})
    assert f"?code={code}" in search.content.decode()
    step2 = console.post(
        f"/en/console/onboard/?code={code}",
        {"code": code, "official_domain": f"w{code}.gov.kh", "officer_email": "o@example.org"},
    )
    assert "3." in step2.content.decode() and not District.objects.filter(code=code).exists()
    done = console.post(
        f"/en/console/onboard/?code={code}",
        {
            "code": code,
            "official_domain": f"w{code}.gov.kh",
            "officer_email": "o@example.org",
            "confirmed": "yes",
        },
    )

    assert done.status_code == 302
    district = District.objects.get(code=code)
    assert district.primary_domain == f"w{code}.gov.kh"
    assert AuditEvent.objects.get(district=district).actor == console.admin["email"]
    assert len(mailoutbox) == 1


def test_the_wizard_shows_every_problem_on_the_form(console, district_a):
    response = console.post(
        f"/en/console/onboard/?code={district_a.code}",
        {
            "code": district_a.code,
            "official_domain": "localhost",
            "officer_email": "o@example.org",
            "confirmed": "yes",
        },
    )

    body = response.content.decode()
    assert "already has a website" in body
    assert "the platform&#x27;s own address" in body


def test_a_taken_domain_is_refused_at_step_two_before_the_confirm_step(
    console, district_a, unused_district_code
):
    from tenants import actions

    code = unused_district_code()
    taken = f"taken{code}.gov.kh"
    actions.add_domain(district_a, taken, actor="test")

    response = console.post(
        f"/en/console/onboard/?code={code}",
        {"code": code, "official_domain": taken, "officer_email": "o@example.org"},
    )

    body = response.content.decode()
    assert "is already the address of" in body
    assert "3. Confirm" not in body and "2. Domain and first officer" in body
    assert not District.objects.filter(code=code).exists()


def test_a_malformed_domain_is_refused_at_step_two_in_khmer(console, unused_district_code):
    code = unused_district_code()

    response = console.post(
        f"/console/onboard/?code={code}",
        {"code": code, "official_domain": "not a domain", "officer_email": "o@example.org"},
    )

    body = response.content.decode()
    assert "not a domain មិនមែនជាឈ្មោះដែនត្រឹមត្រូវទេ" in body
    assert 'name="confirmed"' not in body


def test_suspend_and_resume_from_the_console(console, make_district, host_client):
    district = make_district()

    console.post(f"/en/console/districts/{district.code}/suspend/", {"reason": "Test."})
    assert host_client(district.primary_domain).get("/").status_code == 503
    console.post(f"/en/console/districts/{district.code}/resume/")
    assert host_client(district.primary_domain).get("/").status_code == 200


def test_archive_without_a_backup_is_refused_with_a_message(console, make_district):
    district = make_district()

    response = console.post(f"/en/console/districts/{district.code}/archive/", follow=True)

    assert "Back up" in response.content.decode()
    district.refresh_from_db()
    assert district.status == District.Status.ACTIVE


def test_domains_can_be_added_made_primary_and_removed(console, make_district, host_client):
    district = make_district()

    console.post(
        f"/en/console/districts/{district.code}/add-domain/", {"domain": f"n{district.code}.gov.kh"}
    )
    new = district.domains.get(domain=f"n{district.code}.gov.kh")
    console.post(f"/en/console/districts/{district.code}/primary-domain/", {"domain": new.pk})
    assert District.objects.get(pk=district.pk).primary_domain == new.domain
    assert host_client(new.domain).get("/").status_code == 200
    console.post(f"/en/console/districts/{district.code}/remove-domain/", {"domain": new.pk})

    assert host_client(new.domain).get("/").status_code == 404
    assert District.objects.get(pk=district.pk).primary_domain == f"{district.slug}.localhost"


def test_officers_can_be_invited_disabled_and_enabled_again(console, make_district, mailoutbox):
    from django.contrib.auth import get_user_model

    district = make_district()

    console.post(
        f"/en/console/districts/{district.code}/invite/",
        {"email": "ed@example.org", "role": "editor"},
    )
    # Sent by the worker; an account disabled before it ran would get none.
    assert mailoutbox[0].to == ["ed@example.org"]
    console.post(
        f"/en/console/districts/{district.code}/disable-officer/", {"email": "ed@example.org"}
    )

    with schema_context(district.schema_name):
        officer = get_user_model().objects.get(username="ed@example.org")
        assert not officer.is_active
        assert officer.groups.filter(name="editor").exists()

    console.post(
        f"/en/console/districts/{district.code}/enable-officer/", {"email": "ed@example.org"}
    )

    with schema_context(district.schema_name):
        assert get_user_model().objects.get(username="ed@example.org").is_active
    assert list(
        AuditEvent.objects.filter(district=district).order_by("pk").values_list("action", flat=True)
    )[-3:] == ["officer_invited", "officer_disabled", "officer_enabled"]


def test_the_scorecard_sorts_and_exports_csv_with_a_bom(console, district_a, district_b):
    response = console.get("/en/console/", {"format": "csv", "sort": "-code"})

    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0][:2] == ["Code", "District"]
    codes = [row[0] for row in rows[1:]]
    assert codes == sorted(codes, reverse=True)
    assert district_a.code in codes and district_b.code in codes


def test_support_handover_is_logged_expires_and_cannot_be_replayed(
    console, make_district, settings
):
    district, other = make_district(), make_district()

    link = console.post(f"/en/console/districts/{district.code}/support/")["Location"]
    path = re.sub(r"^https?://[^/]+", "", link)

    on_other = Client(HTTP_HOST=other.primary_domain).get(path)
    assert on_other.status_code == 403
    support = Client(HTTP_HOST=district.primary_domain)
    assert support.get(path).status_code == 302
    assert support.get("/manage/").status_code == 200
    replay = Client(HTTP_HOST=district.primary_domain).get(path)
    assert replay.status_code == 403
    actions = list(AuditEvent.objects.filter(district=district).values_list("action", flat=True))
    assert actions == ["support_entered", "support_handover"]

    settings.SUPPORT_HANDOVER_SECONDS = -1
    link = console.post(f"/en/console/districts/{district.code}/support/")["Location"]
    expired = Client(HTTP_HOST=district.primary_domain).get(re.sub(r"^https?://[^/]+", "", link))
    assert expired.status_code == 403


def test_a_failed_backup_since_the_last_good_one_shows_on_the_scorecard(console, make_district):
    from tenants.models import DistrictBackup

    district = make_district()
    DistrictBackup.objects.create(
        district=district,
        schema_name=district.schema_name,
        name="x",
        location="/nowhere",
        status=DistrictBackup.Status.FAILED,
        error="bucket gone",
    )

    body = console.get("/en/console/", {"sort": "-backup_failed_at"}).content.decode()

    row = body[body.index(f">{district.code}<") :].split("</tr>")[0]
    assert "Failed" in row


def test_support_mode_is_announced_on_console_pages_and_only_to_the_support_account(
    console, make_district, make_officer
):
    from tests.district_site.conftest import log_in

    district = make_district()
    link = console.post(f"/en/console/districts/{district.code}/support/")["Location"]
    support = Client(HTTP_HOST=district.primary_domain)
    support.get(re.sub(r"^https?://[^/]+", "", link))
    officer = Client(HTTP_HOST=district.primary_domain)
    log_in(officer, make_officer(district, role="district_admin"))

    for path in ("/manage/", "/manage/officers/", "/manage/news/"):
        body = support.get(path).content.decode()
        assert f"របៀបជំនួយ — {console.admin['email']}" in body, path
        assert "ចាកចេញពីរបៀបជំនួយ" in body, path
        assert "support-banner" not in officer.get(path).content.decode(), path
    dashboard = support.get("/manage/").content.decode()
    assert dashboard.count('href="/manage/revisions/"') == 1

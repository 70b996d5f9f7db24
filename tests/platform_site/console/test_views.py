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


def test_suspend_and_resume_from_the_console(console, make_district, host_client):
    district = make_district()

    console.post(f"/en/console/districts/{district.code}/suspend/")
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


def test_officers_can_be_invited_and_disabled(console, make_district, mailoutbox):
    district = make_district()

    console.post(
        f"/en/console/districts/{district.code}/invite/",
        {"email": "ed@example.org", "role": "editor"},
    )
    console.post(
        f"/en/console/districts/{district.code}/disable-officer/", {"email": "ed@example.org"}
    )

    from django.contrib.auth import get_user_model

    with schema_context(district.schema_name):
        officer = get_user_model().objects.get(username="ed@example.org")
        assert not officer.is_active
        assert officer.groups.filter(name="editor").exists()
    assert mailoutbox[0].to == ["ed@example.org"]


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

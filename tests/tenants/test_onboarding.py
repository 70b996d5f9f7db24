"""Onboarding gives a district its whole website in one step, or nothing at all."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context

from district_site.pages.models import Page
from tenants.models import District, Domain, OfficerRole
from tenants.signals import district_created


def _onboard(*args):
    out = StringIO()
    call_command("onboard_district", *args, stdout=out)
    return out.getvalue()


def _schemas():
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


def _platform_state():
    return (District.objects.count(), Domain.objects.count(), _schemas())


def test_the_cli_onboards_a_district_with_domains_pages_and_an_invited_officer(
    unused_district_code, mailoutbox, host_client
):
    code = unused_district_code()

    output = _onboard(
        "--code", code, "--domain", f"d{code}.gov.kh", "--officer-email", "Chief@Example.org"
    )

    district = District.objects.get(code=code)
    assert district.primary_domain == f"d{code}.gov.kh"
    assert set(district.domains.values_list("domain", flat=True)) == {
        f"d{code}.gov.kh",
        f"{district.slug}.localhost",
    }
    assert district.name_en in output
    with schema_context(district.schema_name):
        assert Page.objects.filter(slug="about", title_en="About the district").exists()
        officer = get_user_model().objects.get()
        assert officer.email == "chief@example.org"
        assert not officer.has_usable_password()
        assert officer.groups.filter(name=OfficerRole.DISTRICT_ADMIN).exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["chief@example.org"]
    assert f"http://d{code}.gov.kh:8000/manage/invitation/" in mailoutbox[0].body
    assert host_client(f"{district.slug}.localhost").get("/").status_code == 200


def test_the_invitation_lets_the_officer_choose_a_password_and_log_in(
    unused_district_code, mailoutbox, host_client
):
    code = unused_district_code()
    _onboard("--code", code, "--domain", f"d{code}.gov.kh", "--officer-email", "new@example.org")
    link = re.search(r"http://[^\s]+/manage/invitation/\S+", mailoutbox[0].body).group(0)
    path = link.split(":8000", 1)[1]
    client = host_client(f"d{code}.gov.kh")

    form = client.get(path, follow=True)
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long pass phrase 1", "new_password2": "a long pass phrase 1"},
    )

    assert response.status_code == 302
    login = client.post(
        "/manage/login/", {"username": "new@example.org", "password": "a long pass phrase 1"}
    )
    assert login.status_code == 302


def test_an_invitation_of_one_district_is_worthless_on_another(
    unused_district_code, mailoutbox, host_client, district_b
):
    code = unused_district_code()
    _onboard("--code", code, "--domain", f"d{code}.gov.kh", "--officer-email", "x@example.org")
    path = re.search(r"/manage/invitation/\S+", mailoutbox[0].body).group(0)

    response = host_client(district_b.primary_domain).get(path, follow=True)

    assert response.status_code == 200
    assert response.context["validlink"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--code", "9999", "--domain", "ok.gov.kh"], "No district has the code 9999"),
        (["--domain", "not a domain"], "is not a valid domain name"),
        (["--domain", "localhost"], "is the platform's own address"),
        (["--domain", "sub.localhost"], "are given to every district automatically"),
    ],
    ids=["unknown code", "malformed domain", "platform host", "platform subdomain"],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_created(
    unused_district_code, args, message, mailoutbox
):
    base = {
        "--code": unused_district_code(),
        "--domain": "fine.gov.kh",
        "--officer-email": "a@b.org",
    }
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    before = _platform_state()

    with pytest.raises(CommandError, match=message):
        _onboard(*[part for pair in base.items() for part in pair])

    assert _platform_state() == before
    assert mailoutbox == []


def test_an_already_onboarded_code_is_refused(district_a):
    before = _platform_state()

    with pytest.raises(CommandError, match="already has a website"):
        _onboard(
            "--code", district_a.code, "--domain", "again.gov.kh", "--officer-email", "a@b.org"
        )

    assert _platform_state() == before


def test_a_domain_another_district_has_is_refused(unused_district_code, district_a):
    taken = Domain.objects.create(
        domain=f"taken{district_a.code}.gov.kh", tenant=district_a, is_primary=False
    )
    before = _platform_state()

    with pytest.raises(CommandError, match=f"{taken.domain} is already the address of"):
        _onboard(
            "--code",
            unused_district_code(),
            "--domain",
            taken.domain.upper(),
            "--officer-email",
            "a@b.org",
        )

    assert _platform_state() == before


def test_a_bad_email_is_refused(unused_district_code):
    before = _platform_state()

    with pytest.raises(CommandError, match="not-an-email is not a valid e-mail address"):
        _onboard(
            "--code",
            unused_district_code(),
            "--domain",
            "mail.gov.kh",
            "--officer-email",
            "not-an-email",
        )

    assert _platform_state() == before


def test_every_problem_is_reported_at_once_and_in_khmer_when_asked(district_a):
    with pytest.raises(CommandError) as error:
        _onboard(
            "--code",
            district_a.code,
            "--domain",
            "bad domain",
            "--officer-email",
            "nope",
            "--language",
            "km",
        )

    lines = str(error.value).splitlines()
    assert len(lines) == 3
    assert all(re.search("[\u1780-\u17ff]", line) for line in lines)


def test_a_failure_mid_way_leaves_no_schema_domain_or_account(unused_district_code, mailoutbox):
    code = unused_district_code()
    before = _platform_state()

    def fail(sender, district, **kwargs):
        raise RuntimeError("the disk filled up while writing default pages")

    district_created.connect(fail, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            _onboard("--code", code, "--domain", f"d{code}.gov.kh", "--officer-email", "a@b.org")
    finally:
        district_created.disconnect(dispatch_uid="test-fail")

    assert _platform_state() == before
    assert mailoutbox == []
    assert Domain.objects.district_for_host(f"d{code}.gov.kh") is None

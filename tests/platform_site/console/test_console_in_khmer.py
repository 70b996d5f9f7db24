"""Every provincial console page type reads in Khmer with no untranslated text: the same
checker as the officers' console (tests/district_site/manage/test_console_in_khmer.py), on
each page and each state a provincial admin meets."""

from django.test import Client
from django_tenants.utils import tenant_context

from district_site.core.tasks import refresh_district_snapshot
from tenants import actions
from tests.conftest import PASSWORD, current_code
from tests.district_site.manage.test_console_in_khmer import _catalogue, _problems


def test_every_provincial_console_page_reads_in_khmer_with_no_untranslated_text(
    console, make_district, unused_district_code
):
    district, suspended = make_district(), make_district()
    with tenant_context(district):
        refresh_district_snapshot()
    actions.suspend_district(suspended, actor="test", reason="ពិនិត្យ")
    code = unused_district_code()
    untranslated, translations = _catalogue()
    pages = {
        "scorecard": console.get("/console/"),
        "scorecard sorted": console.get("/console/", {"sort": "-budget_year"}),
        "search": console.get("/console/onboard/", {"q": "a"}),
        "step 2": console.get("/console/onboard/", {"code": code}),
        "step 2 with errors": console.post(
            f"/console/onboard/?code={code}",
            {"code": code, "official_domain": "localhost", "officer_email": "x"},
        ),
        "confirm": console.post(
            f"/console/onboard/?code={code}",
            {"code": code, "official_domain": f"k{code}.gov.kh", "officer_email": "o@x.org"},
        ),
        "district": console.get(f"/console/districts/{district.code}/"),
        "suspended district": console.get(f"/console/districts/{suspended.code}/"),
        "suspend": console.get(f"/console/districts/{district.code}/suspend/"),
        "suspend refused": console.post(f"/console/districts/{district.code}/suspend/", {}),
        "bulk": console.get("/console/bulk/"),
        "bulk report": console.post(
            "/console/bulk/", {"kind": "invite", "invite-file": _upload("9999,x,boss\n")}
        ),
        "bulk onboarding report": console.post(
            "/console/bulk/",
            {"kind": "onboard", "onboard-file": _upload(f"{district.code},localhost,x\n")},
        ),
        "login": Client(HTTP_HOST="localhost").get("/console/login/"),
    }

    problems = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert response["Content-Language"] == "km", name
        found = _problems(response.content.decode(), untranslated, translations)
        if found:
            problems[name] = sorted(set(found))

    assert not problems, "\n".join(f"{page}: {found}" for page, found in problems.items())


def _upload(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("rows.csv", text.encode("utf-8"), content_type="text/csv")


def test_a_logged_in_admin_reads_the_console_in_khmer_by_default(provincial_admin):
    client = Client(HTTP_HOST="localhost")
    client.post(
        "/console/login/",
        {
            "username": provincial_admin["email"],
            "password": PASSWORD,
            "otp_token": current_code(provincial_admin["device"]),
        },
    )

    assert "ស្រុក" in client.get("/console/").content.decode()

"""Suspending a district from the console: a page that says what follows and asks why; the
reason is kept in the audit, shown to the district's officers and never to citizens."""

from tenants.models import AuditEvent, District


def test_suspend_asks_for_confirmation_and_a_reason_first(console, make_district, host_client):
    district = make_district()

    page = console.get(f"/en/console/districts/{district.code}/suspend/")
    refused = console.post(f"/en/console/districts/{district.code}/suspend/", {"reason": "  "})

    assert "Citizens see a notice" in page.content.decode()
    assert refused.status_code == 200 and "This field is required" in refused.content.decode()
    district.refresh_from_db()
    assert district.status == District.Status.ACTIVE
    assert host_client(district.primary_domain).get("/").status_code == 200


def test_the_reason_is_in_the_audit_and_on_the_district_page(console, make_district):
    district = make_district()

    console.post(
        f"/en/console/districts/{district.code}/suspend/",
        {"reason": "The budget page shows another district's figures."},
    )

    event = AuditEvent.objects.get(district=district, action=AuditEvent.Action.SUSPENDED)
    assert event.detail["reason"] == "The budget page shows another district's figures."
    assert event.actor == console.admin["email"]
    page = console.get(f"/en/console/districts/{district.code}/").content.decode()
    assert page.count("another district&#x27;s figures") == 2  # the status and the history


def test_officers_read_the_reason_at_their_console_and_citizens_do_not(
    console, make_district, host_client
):
    district, other = make_district(), make_district()
    console.post(f"/en/console/districts/{district.code}/suspend/", {"reason": "Photos of minors."})
    console.post(f"/en/console/districts/{other.code}/suspend/", {"reason": "Other reason."})
    client = host_client(district.primary_domain)

    officers = client.get("/manage/login/", HTTP_ACCEPT_LANGUAGE="en")
    citizens = client.get("/en/")

    assert officers.status_code == citizens.status_code == 503
    assert "Photos of minors." in officers.content.decode()
    assert "Other reason." not in officers.content.decode()
    assert "Photos of minors." not in citizens.content.decode()


def test_the_citizen_notice_gives_the_contact_and_no_link_back_into_the_site(
    console, make_district, host_client
):
    from django_tenants.utils import tenant_context

    from district_site.core.models import DistrictProfile

    district = make_district()
    with tenant_context(district):
        DistrictProfile.objects.update_or_create(
            pk=DistrictProfile.current().pk, defaults={"phone": "012 345 678"}
        )
    console.post(f"/en/console/districts/{district.code}/suspend/", {"reason": "Check."})

    body = host_client(district.primary_domain).get("/en/").content.decode()

    main = body[body.index("<main") : body.index("</main>")]
    assert 'href="tel:012345678"' in main
    footer = body[body.index("<footer") : body.index("</footer>")]
    assert "<nav" not in footer


def test_resuming_clears_what_officers_are_shown(console, make_district, host_client):
    district = make_district()
    console.post(f"/en/console/districts/{district.code}/suspend/", {"reason": "Check."})

    console.post(f"/en/console/districts/{district.code}/resume/")

    district.refresh_from_db()
    assert district.suspension is None
    assert host_client(district.primary_domain).get("/manage/login/").status_code == 200

"""The district's contact details and Facebook page appear on every page once an officer with
the right to publish saves them."""

from ..conftest import log_in


def _officer(host_client, district, make_officer, role):
    client = host_client(district.primary_domain)
    log_in(client, make_officer(district, role))
    return client


DETAILS = {
    "office_hours_km": "ច័ន្ទ ដល់ សុក្រ ៧:៣០ ដល់ ១៧:០០",
    "office_hours_en": "Monday to Friday, 7:30 to 17:00",
    "address_km": "ភូមិ​អូរជ្រៅ",
    "address_en": "Ou Chrov village",
    "phone": "012 345 678",
    "email": "office@example.org",
    "map_url": "https://www.openstreetmap.org/#map=15/13.61/102.77",
    "facebook_url": "https://www.facebook.com/ouchruv.district",
}


def test_a_publisher_sets_contact_details_shown_on_every_page(
    host_client, make_district, make_officer
):
    district = make_district()
    officer = _officer(host_client, district, make_officer, "publisher")

    response = officer.post("/manage/contact-details/", DETAILS)

    assert response.status_code == 302
    citizen = host_client(district.primary_domain)
    for path in ("/en/", "/en/p/about/", "/en/feedback/"):
        body = citizen.get(path).content.decode()
        assert "Monday to Friday, 7:30 to 17:00" in body
        assert 'href="https://www.facebook.com/ouchruv.district"' in body
        assert 'href="tel:012345678"' in body
    assert "ច័ន្ទ ដល់ សុក្រ" in citizen.get("/").content.decode()


def test_an_editor_cannot_change_them(host_client, make_district, make_officer):
    district = make_district()
    editor = _officer(host_client, district, make_officer, "editor")

    assert editor.post("/manage/contact-details/", DETAILS).status_code == 403


def test_a_link_that_is_not_https_is_refused_with_a_message(
    host_client, make_district, make_officer
):
    district = make_district()
    officer = _officer(host_client, district, make_officer, "district_admin")

    response = officer.post(
        "/manage/contact-details/", {**DETAILS, "facebook_url": "javascript:alert(1)"}
    )

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert "javascript:" not in host_client(district.primary_domain).get("/").content.decode()


def test_an_address_typed_without_https_is_accepted_and_completed(
    host_client, make_district, make_officer
):
    """ "facebook.com/..." as people type it: no browser message in English (the field is a
    text box for addresses), and the server completes it to https://."""
    district = make_district()
    officer = _officer(host_client, district, make_officer, "publisher")

    form = officer.get("/manage/contact-details/").content.decode()
    response = officer.post(
        "/manage/contact-details/", {**DETAILS, "facebook_url": "facebook.com/ouchruv.district"}
    )

    assert 'type="url"' not in form and 'inputmode="url"' in form
    assert response.status_code == 302
    body = host_client(district.primary_domain).get("/en/").content.decode()
    assert 'href="https://facebook.com/ouchruv.district"' in body


def test_every_address_field_of_every_form_takes_an_address_without_its_scheme(district_a):
    """Every URL field of every form of the district site: a text box (never the browser's
    type="url", which refuses "facebook.com/x" in English) that completes to https://."""
    from django import forms
    from django_tenants.utils import tenant_context

    from tests.district_site.documents.test_pdf_fields import _form_classes, _instance

    found = []
    with tenant_context(district_a):
        for form_class in _form_classes():
            for name, field in _instance(form_class).fields.items():
                if isinstance(field, forms.URLField):
                    found.append(f"{form_class.__name__}.{name}")
                    assert field.widget.input_type == "text", found[-1]
                    assert field.clean("facebook.com/x") == "https://facebook.com/x", found[-1]
    assert len(found) >= 2, found


def test_the_district_chooses_khmer_or_latin_digits_in_the_console(
    host_client, make_district, make_officer
):
    district = make_district()
    officer = _officer(host_client, district, make_officer, "publisher")

    assert 'name="digits"' in officer.get("/manage/contact-details/").content.decode()
    officer.post("/manage/contact-details/", {**DETAILS, "digits": "latin"})

    from django_tenants.utils import tenant_context

    from district_site.core.models import DistrictProfile

    with tenant_context(district):
        assert DistrictProfile.current().digits == "latin"


def test_the_contact_page_editor_shows_the_one_record_of_contact_details(
    host_client, make_district, make_officer
):
    """The Contact page and the footer read the district's contact details; the Contact
    page's editor shows them and links to where they are changed, so no second copy is typed
    into the page's text."""
    from django_tenants.utils import tenant_context

    from district_site.pages.models import Page

    district = make_district()
    officer = _officer(host_client, district, make_officer, "publisher")
    officer.post("/manage/contact-details/", DETAILS)
    with tenant_context(district):
        contact = Page.objects.get(slug="contact")

    editor = officer.get(f"/manage/pages/{contact.pk}/").content.decode()
    page = host_client(district.primary_domain).get("/en/p/contact/").content.decode()

    assert "012 345 678" in editor and 'href="/manage/contact-details/"' in editor
    assert "012 345 678" in page

"""The district's contact details and Facebook page appear on every page once an officer with
the right to publish saves them."""

from tests.conftest import PASSWORD


def _officer(host_client, district, make_officer, role):
    client = host_client(district.primary_domain)
    client.post("/manage/login/", {"username": make_officer(district, role), "password": PASSWORD})
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

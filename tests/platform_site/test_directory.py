"""The platform's home lists every active district by province, linking to its own domain."""

from tenants import actions


def test_the_directory_lists_active_districts_by_province_in_khmer(host_client, make_district):
    district = make_district()

    body = host_client("localhost").get("/").content.decode()

    assert f"ខេត្ត{district.province_name_km}" in body
    assert f'href="http://{district.primary_domain}/"' in body
    assert district.name_km in body


def test_the_english_directory_uses_latin_names(host_client, make_district):
    district = make_district()

    body = host_client("localhost").get("/en/").content.decode()

    assert f"{district.province_name_en} province" in body
    assert district.name_en in body


def test_a_suspended_district_is_not_listed(host_client, make_district):
    district = make_district()
    actions.suspend_district(district, actor="cli")

    assert district.primary_domain not in host_client("localhost").get("/").content.decode()

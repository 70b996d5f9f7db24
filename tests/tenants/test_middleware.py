"""Each request is served by the district its Host header names, and by nothing else."""

from tenants.middleware import UNKNOWN_HOST_PAGE


def test_a_district_page_through_its_own_host_shows_that_district(host_client, district_a):
    response = host_client(district_a.primary_domain).get("/")

    assert response.status_code == 200
    assert response.wsgi_request.tenant.schema_name == district_a.schema_name
    assert district_a.name_km in response.content.decode()


def test_the_english_page_of_a_district_is_under_en(host_client, district_a):
    response = host_client(district_a.primary_domain).get("/en/")

    assert response.status_code == 200
    assert f"{district_a.name_en} district" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_a_district_host_never_shows_another_districts_name(host_client, district_a, district_b):
    body = host_client(district_b.primary_domain).get("/").content.decode()

    assert district_b.name_km in body
    assert district_a.primary_domain not in body
    # A district may share its name with B's province (Svay Rieng district, Svay Rieng
    # province): then B's page rightly shows it.
    if district_a.name_km not in district_b.province_name_km:
        assert district_a.name_km not in body


def test_the_platform_host_shows_the_platform(host_client, district_a):
    response = host_client("localhost").get("/en/")

    assert response.status_code == 200
    assert response.wsgi_request.tenant.is_platform
    assert "District websites" in response.content.decode()


def test_an_unknown_host_gets_a_plain_404(host_client, district_a):
    response = host_client("nobody.example.org").get("/")

    assert response.status_code == 404
    assert response.content.decode() == UNKNOWN_HOST_PAGE


def test_a_path_unknown_to_a_district_gets_its_own_404_page(host_client, district_a):
    response = host_client(district_a.primary_domain).get("/no-such-page/")

    assert response.status_code == 404
    assert district_a.name_km in response.content.decode()


def test_a_www_prefix_reaches_the_same_district(host_client, district_a):
    response = host_client(f"www.{district_a.primary_domain}").get("/")

    assert response.wsgi_request.tenant.schema_name == district_a.schema_name


def test_the_khmer_page_is_in_khmer_throughout(host_client, district_a):
    body = host_client(district_a.primary_domain).get("/").content.decode()

    assert '<html lang="km">' in body
    assert "ទំព័រដើម" in body  # "Home" in the menu
    assert f"ស្រុក{district_a.name_km}" in body

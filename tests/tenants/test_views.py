"""Caddy's ask endpoint answers 200 only for a domain of an active district."""

from tenants import actions


def _ask(host_client, domain):
    return host_client("localhost").get("/tls/ask", {"domain": domain})


def test_an_active_districts_domain_may_get_a_certificate(host_client, district_a):
    assert _ask(host_client, district_a.primary_domain).status_code == 200
    assert _ask(host_client, district_a.primary_domain.upper()).status_code == 200


def test_a_suspended_districts_domain_may_not(host_client, make_district):
    district = make_district()
    actions.suspend_district(district, actor="cli")

    assert _ask(host_client, district.primary_domain).status_code == 404


def test_unknown_and_platform_hosts_may_not(host_client, district_a):
    assert _ask(host_client, "unknown.example.org").status_code == 404
    assert _ask(host_client, "localhost").status_code == 404
    assert _ask(host_client, "").status_code == 404


def test_the_endpoint_exists_only_on_the_platform_host(host_client, district_a):
    response = host_client(district_a.primary_domain).get(
        "/tls/ask", {"domain": district_a.primary_domain}
    )

    assert response.status_code == 404

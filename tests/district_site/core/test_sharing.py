"""Shared links, robots.txt and the sitemap name the district's primary domain."""

from tenants.models import Domain


def test_robots_and_sitemap_use_the_primary_domain_not_the_host_asked(host_client, make_district):
    district = make_district()
    Domain.objects.create(domain=f"alias{district.code}.gov.kh", tenant=district, is_primary=False)
    client = host_client(f"alias{district.code}.gov.kh")

    robots = client.get("/robots.txt").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert f"Sitemap: http://{district.primary_domain}:8000/sitemap.xml" in robots
    assert "Disallow: /manage/" in robots
    assert f"<loc>http://{district.primary_domain}:8000/en/p/about/</loc>" in sitemap
    assert f"<loc>http://{district.primary_domain}:8000/p/about/</loc>" in sitemap
    assert "alias" not in sitemap


def test_every_page_carries_open_graph_tags_with_its_canonical_address(host_client, make_district):
    district = make_district()

    body = host_client(district.primary_domain).get("/en/p/about/").content.decode()

    assert (
        f'<meta property="og:url" content="http://{district.primary_domain}:8000/en/p/about/">'
        in body
    )
    assert '<meta property="og:locale" content="en_US">' in body
    assert f'hreflang="km" href="http://{district.primary_domain}:8000/p/about/"' in body

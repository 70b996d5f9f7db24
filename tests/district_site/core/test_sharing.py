"""Shared links, robots.txt and the sitemap name the district's primary domain; every page
type carries Open Graph and Twitter card tags."""

import re

import pytest

from tenants.models import Domain
from tests.citizen_pages import CITIZEN_PAGES, LANGUAGES, seed_citizen_site


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


@pytest.fixture(scope="module")
def shared_site(make_district, django_db_blocker):
    district = make_district()
    with django_db_blocker.unblock():
        return district, seed_citizen_site(district)


def _meta(body):
    """{property or name: content} of the page's <meta> tags."""
    return {
        key: content
        for key, content in re.findall(
            r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', body
        )
    }


@pytest.mark.parametrize("language", list(LANGUAGES.values()), ids=list(LANGUAGES))
@pytest.mark.parametrize("page", [page for page in CITIZEN_PAGES if page != "/no-such-page/"])
def test_every_page_type_has_open_graph_and_twitter_tags(host_client, shared_site, page, language):
    district, values = shared_site
    path = language + page.format(**values)

    response = host_client(district.primary_domain).get(path)

    assert response.status_code == 200
    meta = _meta(response.content.decode())
    site = f"http://{district.primary_domain}:8000"
    assert meta["og:url"] == site + path.split("?")[0]
    assert meta["og:title"] and meta["og:description"] and meta["og:site_name"]
    assert meta["og:locale"] == ("en_US" if language else "km_KH")
    assert meta["twitter:card"] in ("summary", "summary_large_image")


def test_a_news_post_is_shared_with_its_photo(host_client, shared_site):
    district, values = shared_site
    client = host_client(district.primary_domain)

    meta = _meta(client.get(f"/en/news/{values['news_post']}/").content.decode())

    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Clean water reaches Ou Chrov village"
    assert meta["og:description"].startswith("Today the district team opened")
    assert meta["twitter:card"] == "summary_large_image"
    site = f"http://{district.primary_domain}:8000"
    assert meta["og:image"].startswith(f"{site}/media/news/{values['news_post']}/")
    assert meta["og:image"].endswith("-1280.jpg")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1280", "960")
    image = client.get(meta["og:image"].removeprefix(site))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_the_sitemap_lists_news_posts_and_services_in_both_languages(host_client, shared_site):
    district, values = shared_site

    sitemap = host_client(district.primary_domain).get("/sitemap.xml").content.decode()

    site = f"http://{district.primary_domain}:8000"
    for path in (f"/news/{values['news_post']}/", "/services/", "/feedback/answers/"):
        assert f"<loc>{site}{path}</loc>" in sitemap
        assert f"<loc>{site}/en{path}</loc>" in sitemap
    assert "/feedback/track/" not in sitemap


def test_every_page_links_to_the_districts_facebook_page(host_client, shared_site):
    district, _values = shared_site

    body = host_client(district.primary_domain).get("/en/services/").content.decode()

    assert 'href="https://www.facebook.com/example.district"' in body


# The home page is the district itself; a tracking page is the sender's, not for sharing.
NAMED_BY_THE_DISTRICT = {"/", "/feedback/track/{tracking_code}/", "/no-such-page/"}


@pytest.mark.parametrize(
    "page", [page for page in CITIZEN_PAGES if page not in NAMED_BY_THE_DISTRICT]
)
def test_a_shared_page_is_previewed_with_its_own_title_not_only_the_district_name(
    host_client, shared_site, page
):
    district, values = shared_site

    meta = _meta(host_client(district.primary_domain).get("/en" + page.format(**values)).text)

    assert meta["og:title"] != district.name_en

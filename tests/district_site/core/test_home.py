"""The home page gathers what the district's apps publish: the latest news, the services with
their fees, how to reach the office; and every page leads to each kind of content."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.core import actions as core_actions
from district_site.news.models import NewsPost
from district_site.revisions import actions as revisions
from district_site.services.models import Service


def _news(district, count):
    with tenant_context(district):
        for number in range(count):
            revisions.create(
                NewsPost(
                    title_km=f"ព័ត៌មានទី {number}",
                    title_en=f"News number {number}",
                    body_km="អត្ថបទ",
                    is_published=True,
                    publish_at=timezone.now() - timedelta(days=number + 1),
                ),
                actor="test",
            )


def test_the_home_page_shows_the_three_latest_news_posts(host_client, make_district):
    district = make_district()
    _news(district, 4)

    body = host_client(district.primary_domain).get("/en/").content.decode()

    assert "Latest news" in body
    assert "News number 0" in body and "News number 2" in body
    assert "News number 3" not in body
    assert 'href="/en/news/"' in body


def test_the_home_page_lists_published_services_with_their_fees(host_client, make_district):
    district = make_district()
    with tenant_context(district):
        for name, fee, published in (("Birth certificate", 50_000, True), ("Secret", 1, False)):
            revisions.create(
                Service(
                    name_km=name,
                    name_en=name,
                    office_km="ការិយាល័យ",
                    processing_time_km="៣ ថ្ងៃ",
                    fee_riel=fee,
                    is_published=published,
                ),
                actor="test",
            )

    body = host_client(district.primary_domain).get("/en/").content.decode()

    assert "Birth certificate" in body and "50,000 riel" in body
    assert "Secret" not in body


def test_a_new_district_home_page_has_no_empty_sections(host_client, make_district):
    district = make_district()

    body = host_client(district.primary_domain).get("/en/").content.decode()

    assert "Latest news" not in body
    assert 'id="services-heading"' not in body


def test_the_home_page_shows_office_hours_address_phone_and_map(host_client, make_district):
    district = make_district()
    with tenant_context(district):
        core_actions.update_profile(
            actor=None,
            office_hours_km="ច័ន្ទ ដល់ សុក្រ",
            office_hours_en="Monday to Friday, 7:30 to 17:00",
            address_km="ផ្លូវជាតិលេខ៥",
            phone="012 345 678",
            map_url="https://www.openstreetmap.org/#map=15/13.6/102.6",
        )

    body = host_client(district.primary_domain).get("/en/").content.decode()
    main = body[body.index("<main") : body.index("</main>")]

    assert "Monday to Friday, 7:30 to 17:00" in main
    assert "ផ្លូវជាតិលេខ៥" in main  # no English address: the Khmer one
    assert 'href="tel:012345678"' in main
    assert 'href="https://www.openstreetmap.org/#map=15/13.6/102.6"' in main


def test_every_page_links_to_news_budget_and_services(host_client, make_district):
    district = make_district()

    body = host_client(district.primary_domain).get("/en/p/about/").content.decode()
    nav = body[body.index("<nav") : body.index("</nav>")]

    for path in ("/en/news/", "/en/budget/", "/en/services/", "/en/feedback/", "/en/search/"):
        assert f'href="{path}"' in nav


def test_the_language_switch_keeps_the_reader_on_the_same_page(host_client, make_district):
    district = make_district()
    client = host_client(district.primary_domain)

    search = client.get("/en/search/", {"q": "water"}).content.decode()
    services = client.get("/services/").content.decode()

    assert 'class="lang-switch" href="/search/?q=water"' in search
    assert 'class="lang-switch" href="/en/services/"' in services


def test_one_districts_news_never_shows_on_anothers_home_page(host_client, make_district):
    district_a, district_b = make_district(), make_district()
    _news(district_a, 1)

    assert "News number 0" in host_client(district_a.primary_domain).get("/en/").content.decode()
    assert (
        "News number 0" not in host_client(district_b.primary_domain).get("/en/").content.decode()
    )


def test_the_home_page_shows_news_budget_projects_forums_then_services(host_client, make_district):
    """Newest first, then the money, what it builds, where to ask about it, and the services."""
    from tests.citizen_pages import seed_citizen_site

    district = make_district()
    seed_citizen_site(district)

    body = host_client(district.primary_domain).get("/en/").content.decode()

    links = ['href="/en/news/"', 'href="/en/budget/', 'href="/en/projects/"']
    links += ['href="/en/forums/"', 'href="/en/services/"']
    main = body[body.index("<main") : body.index("</main>")]
    positions = [main.index(link) for link in links]
    assert positions == sorted(positions)

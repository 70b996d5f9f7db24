"""RSS and Atom feeds of a district's news: what citizens may see, in their language, with
every link on the district's primary domain, and never another district's posts."""

from datetime import timedelta
from xml.etree import ElementTree

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.news.models import NewsPost
from tenants.models import Domain

ATOM = "{http://www.w3.org/2005/Atom}"


def _post(district, title_km, title_en="", *, published=True, days_ago=1):
    with tenant_context(district):
        return NewsPost.objects.create(
            title_km=title_km,
            title_en=title_en,
            body_km="ក្រុមប្រឹក្សាបានប្រជុំ។",
            body_en="The council met." if title_en else "",
            is_published=published,
            publish_at=timezone.now() - timedelta(days=days_ago),
        )


def test_the_rss_feed_lists_visible_posts_with_links_on_the_primary_domain(
    host_client, make_district
):
    district = make_district()
    post = _post(district, "ប្រជុំក្រុមប្រឹក្សា", "Council meeting")
    _post(district, "សេចក្តីព្រាង", "A draft", published=False)
    _post(district, "ថ្ងៃស្អែក", "Tomorrow", days_ago=-1)
    Domain.objects.create(domain=f"alias{district.code}.gov.kh", tenant=district, is_primary=False)

    response = host_client(f"alias{district.code}.gov.kh").get("/en/news/rss.xml")

    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Council meeting"]
    site = f"http://{district.primary_domain}:8000"
    assert items[0].findtext("link") == f"{site}/en/news/{post.pk}/"
    assert channel.findtext("link") == f"{site}/en/news/"
    assert channel.findtext("language") == "en"
    assert "alias" not in response.content.decode()


def test_the_atom_feed_is_in_khmer_at_the_unprefixed_address(host_client, make_district):
    district = make_district()
    post = _post(district, "ប្រជុំក្រុមប្រឹក្សា", "Council meeting")

    response = host_client(district.primary_domain).get("/news/atom.xml")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "ប្រជុំក្រុមប្រឹក្សា"
    link = entry.find(f"{ATOM}link").get("href")
    assert link == f"http://{district.primary_domain}:8000/news/{post.pk}/"
    assert "ក្រុមប្រឹក្សាបានប្រជុំ" in entry.findtext(f"{ATOM}summary")


def test_every_page_points_feed_readers_to_both_feeds(host_client, make_district):
    district = make_district()

    body = host_client(district.primary_domain).get("/en/services/").content.decode()

    assert 'type="application/rss+xml"' in body and 'href="/en/news/rss.xml"' in body
    assert 'type="application/atom+xml"' in body and 'href="/en/news/atom.xml"' in body


def test_a_feed_is_cached_until_news_changes(host_client, make_district):
    district = make_district()
    _post(district, "ប្រជុំក្រុមប្រឹក្សា", "Council meeting")
    client = host_client(district.primary_domain)
    client.get("/en/news/rss.xml")

    with CaptureQueriesContext(connection) as queries:
        client.get("/en/news/rss.xml")
    assert not [q for q in queries if "news_newspost" in q["sql"]]

    _post(district, "ព័ត៌មានថ្មី", "Fresh news")
    assert "Fresh news" in client.get("/en/news/rss.xml").content.decode()


def test_a_districts_feed_never_carries_anothers_news(host_client, make_district):
    district_a, district_b = make_district(), make_district()
    _post(district_a, "ព័ត៌មាន ក", "News of A only")

    assert (
        "News of A only"
        in host_client(district_a.primary_domain).get("/en/news/rss.xml").content.decode()
    )
    assert (
        "News of A only"
        not in host_client(district_b.primary_domain).get("/en/news/rss.xml").content.decode()
    )

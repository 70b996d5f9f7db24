"""Share links on the news, project, forum and budget pages (content/includes/share.html):
plain links to Facebook's and Telegram's share pages carrying the page's canonical address on
the district's primary domain, labelled in the reader's language; and the page itself loads
nothing from another origin (no share script, no button image, no frame)."""

from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from tests.citizen_pages import seed_citizen_site

SHARED_PAGES = [
    "/news/{news_post}/",
    "/projects/{project}/",
    "/forums/{forum}/",
    "/budget/{budget_year}/",
]
# What a browser fetches by itself while loading a page: these tags' addresses, and <link>s
# of these kinds. Anchors are only followed when tapped.
LOADING_TAGS = {"script", "img", "iframe", "source", "video", "audio", "embed", "object"}
LOADING_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}


@pytest.fixture(scope="module")
def shared_site(make_district, django_db_blocker):
    district = make_district()
    with django_db_blocker.unblock():
        return district, seed_citizen_site(district)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.loads = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs)
        if tag in LOADING_TAGS:
            for name in ("src", "srcset", "data", "poster"):
                if attrs.get(name):
                    self.loads.extend(part.split()[0] for part in attrs[name].split(","))
        if tag == "link" and set((attrs.get("rel") or "").split()) & LOADING_LINKS:
            self.loads.append(attrs.get("href", ""))


def _parse(response):
    page = _Page()
    page.feed(response.content.decode())
    return page


@pytest.mark.parametrize("language", ["", "/en"], ids=["khmer", "english"])
@pytest.mark.parametrize("page", SHARED_PAGES)
def test_the_page_offers_facebook_and_telegram_links_to_its_canonical_address(
    host_client, shared_site, page, language
):
    district, values = shared_site
    path = language + page.format(**values)

    response = host_client(district.primary_domain).get(path)

    assert response.status_code == 200
    canonical = quote(f"http://{district.primary_domain}:8000{path}", safe="")
    links = {a["href"].split("?")[0]: a for a in _parse(response).links if "href" in a}
    facebook = links["https://www.facebook.com/sharer/sharer.php"]
    telegram = links["https://t.me/share/url"]
    assert facebook["href"] == f"https://www.facebook.com/sharer/sharer.php?u={canonical}"
    assert telegram["href"].startswith(f"https://t.me/share/url?url={canonical}&text=")
    assert facebook["rel"] == telegram["rel"] == "noopener"
    body = response.content.decode()
    if language:
        assert "Share on Facebook" in body and "Share on Telegram" in body
    else:
        assert "ចែករំលែកលើ Facebook" in body and "ចែករំលែកលើ Telegram" in body


@pytest.mark.parametrize("page", SHARED_PAGES)
def test_the_page_loads_nothing_from_another_origin(host_client, shared_site, page):
    district, values = shared_site

    response = host_client(district.primary_domain).get(page.format(**values))

    loads = _parse(response).loads
    assert loads, "the page should at least load its stylesheet"
    assert [url for url in loads if not url.startswith("/") or url.startswith("//")] == []

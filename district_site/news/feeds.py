"""RSS and Atom feeds of a district's news, in the reader's language (/news/rss.xml in Khmer,
/en/news/rss.xml in English).

Every link in a feed is absolute on the district's primary domain, never on the Host header the
request came with: feed readers keep these links, and they must name the official address.
(Django's Feed adds the request's domain only to links that lack one.)"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from district_site.core.page_cache import cached_page
from tenants.links import district_url

from .models import NewsPost

ITEMS = 20


class NewsRss(Feed):
    feed_type = Rss201rev2Feed
    url_name = "news:rss"

    def get_object(self, request):
        return request.tenant

    def title(self, district):
        return _("News of %(name)s district") % {"name": district.name}

    def description(self, district):
        return _("News and activities of %(name)s district, %(province)s province.") % {
            "name": district.name,
            "province": district.province_name,
        }

    subtitle = description  # Atom's name for it

    def link(self, district):
        return district_url(district, reverse("news:list"))

    def feed_url(self, district):
        return district_url(district, reverse(self.url_name))

    def items(self, district):
        return NewsPost.objects.visible()[:ITEMS]

    def item_title(self, post):
        return escape(post.title)

    def item_description(self, post):
        # Stored sanitised by nh3 (core.richtext); the generator escapes it as feeds expect.
        return post.body

    def item_link(self, post):
        return district_url(self._district, post.get_absolute_url())

    def item_pubdate(self, post):
        return post.publish_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_categories(self, post):
        return [post.get_category_display()]

    def get_feed(self, obj, request):
        self._district = obj
        return super().get_feed(obj, request)


class NewsAtom(NewsRss):
    feed_type = Atom1Feed
    url_name = "news:atom"


def _feed_view(feed_class):
    @cached_page
    def view(request):
        # A new instance per request: the feed remembers the district while it is built.
        return feed_class()(request)

    return view


rss = _feed_view(NewsRss)
atom = _feed_view(NewsAtom)

from django.utils import timezone

from district_site.search.index import Searchable, localized

from .models import NewsPost


def documents(post):
    if not post.is_published:
        return []
    return localized(post, lambda p: p.title, lambda p: p.body, lambda p: p.get_absolute_url())


def scheduled():
    """Posts published for a later date: indexed now, found once their date has come."""
    return NewsPost.objects.filter(is_published=True, publish_at__gt=timezone.now()).values_list(
        "pk", flat=True
    )


INDEX = [
    Searchable(
        "news",
        NewsPost,
        documents,
        public=lambda: NewsPost.objects.filter(is_published=True),
        not_yet=scheduled,
    )
]

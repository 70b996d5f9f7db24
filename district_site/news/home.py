"""The home page's "latest news" section (district_site.core.contributions)."""

from .models import NewsPost

# Right after the district's welcome: news is what changes most often.
ORDER = 10
LATEST = 3


def section(request):
    posts = list(NewsPost.objects.visible().prefetch_related("photos")[:LATEST])
    if not posts:
        return None
    return {"posts": posts}

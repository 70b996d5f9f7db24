"""A post's photos reach citizens when the post does: published and its date come."""

from district_site.core.media_access import Files

from .models import NewsPhoto, NewsPost

FILES = [
    Files(
        NewsPhoto,
        "renditions",
        lambda rows: rows.filter(post__in=NewsPost.objects.visible()),
        renditions=True,
    )
]

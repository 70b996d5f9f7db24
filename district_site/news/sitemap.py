"""News in sitemap.xml (district_site.core.contributions)."""

from django.urls import reverse

from .models import NewsPost


def paths():
    yield reverse("news:list")
    for post in NewsPost.objects.visible().only("pk"):
        yield post.get_absolute_url()

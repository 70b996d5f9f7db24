"""The district's published pages in sitemap.xml (district_site.core.contributions); the home
page's address is the site's own (core)."""

from django.urls import reverse

from .models import Page


def paths():
    yield reverse("accessibility")
    yield reverse("privacy")
    for page in Page.objects.visible().exclude(slug="home"):
        yield page.get_absolute_url()

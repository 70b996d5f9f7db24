"""The home page in sitemap.xml (district_site.core.contributions)."""

from django.urls import reverse


def paths():
    yield reverse("home")

"""The governor and council in sitemap.xml (district_site.core.contributions)."""

from django.urls import reverse


def paths():
    yield reverse("council:list")

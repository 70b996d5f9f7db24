"""The open data page in sitemap.xml (district_site.core.contributions)."""

from django.urls import reverse


def paths():
    yield reverse("opendata_index")

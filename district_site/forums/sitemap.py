"""Forums in sitemap.xml (district_site.core.contributions)."""

from django.urls import reverse

from .models import Forum


def paths():
    yield reverse("forums:list")
    for forum in Forum.objects.visible().only("pk"):
        yield forum.get_absolute_url()

"""Documents in sitemap.xml (district_site.core.contributions): the list only once there is
something on it."""

from django.urls import reverse

from .models import Document


def paths():
    if Document.objects.visible().exists():
        yield reverse("documents:list")

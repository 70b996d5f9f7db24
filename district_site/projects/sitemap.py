"""Projects in sitemap.xml (district_site.core.contributions)."""

from django.urls import reverse

from .models import Project


def paths():
    yield reverse("projects:list")
    yield reverse("projects:map")
    for project in Project.objects.visible().only("code"):
        yield project.get_absolute_url()

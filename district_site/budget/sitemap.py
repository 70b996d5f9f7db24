"""Budgets in sitemap.xml (district_site.core.contributions): each year with a published
version, and its versions."""

from django.urls import reverse

from .models import Budget


def paths():
    yield reverse("budget:index")
    for year in (
        Budget.objects.filter(versions__isnull=False).distinct().values_list("year", flat=True)
    ):
        yield reverse("budget:year", args=[year])
        yield reverse("budget:versions", args=[year])

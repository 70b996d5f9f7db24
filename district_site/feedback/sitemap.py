"""Feedback's citizen pages in sitemap.xml (district_site.core.contributions); a sender's own
tracking page is private and never listed."""

from django.urls import reverse


def paths():
    yield reverse("feedback:send")
    yield reverse("feedback:answers")

"""The district's welcome and contact pages on the home page (district_site.core.contributions):
not a section of their own but core/home.html's top and its contact block."""

from .models import Page


def section(request):
    return None


def context(request):
    published = Page.objects.visible()
    return {
        "page": published.filter(slug="home").first(),
        "contact": published.filter(slug="contact").first(),
    }

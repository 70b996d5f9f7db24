"""The home page's "public services" section (district_site.core.contributions): the first
few services with their fees, and the way to the whole list."""

from .models import Service

# After the budget, projects and forums; before the contact details at the end of the page.
ORDER = 60
SHOWN = 5


def section(request):
    published = Service.objects.visible()
    services = list(published[:SHOWN])
    if not services:
        return None
    return {"services": services, "more": published.count() > SHOWN}

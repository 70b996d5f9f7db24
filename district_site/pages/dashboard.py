"""The district's pages on the console's home (district_site.core.contributions): each to edit,
and, for publishers, to move up or down the menu."""

from .models import Page

ORDER = 10


def section(request):
    return {"pages": Page.objects.all()}

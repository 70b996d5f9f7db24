from datetime import datetime

from django.db.models import Max

from .models import Page

# The figures figures() returns, and their kinds (district_site/core/contributions.py).
FIGURES = {"pages_published": int, "content_updated_at": datetime}


def figures():
    published = Page.objects.visible()
    return {
        "pages_published": published.count(),
        "content_updated_at": published.aggregate(latest=Max("updated_at"))["latest"],
    }

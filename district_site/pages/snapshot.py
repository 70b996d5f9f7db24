from django.db.models import Max

from .models import Page


def figures():
    published = Page.objects.published()
    return {
        "pages_published": published.count(),
        "content_updated_at": published.aggregate(latest=Max("updated_at"))["latest"],
    }

from django.utils import timezone

from .models import NewsPost


def next_change():
    """When the next scheduled post appears (see district_site.core.page_cache)."""
    return (
        NewsPost.objects.filter(is_published=True, publish_at__gt=timezone.now())
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )

from django.db.models import Max

from .models import NewsPost


def figures():
    visible = NewsPost.objects.visible()
    return {
        "news_published": visible.count(),
        "news_latest_at": visible.aggregate(latest=Max("publish_at"))["latest"],
    }

from datetime import datetime

from django.db.models import Max

from .models import NewsPost

# The figures figures() returns, and their kinds (district_site/core/contributions.py).
FIGURES = {"news_published": int, "news_latest_at": datetime}


def figures():
    visible = NewsPost.objects.visible()
    return {
        "news_published": visible.count(),
        "news_latest_at": visible.aggregate(latest=Max("publish_at"))["latest"],
    }

from django.conf import settings
from django.urls import reverse

from district_site.search.index import Searchable, localized

from .models import Feedback


def documents(feedback):
    if not (feedback.reply_published and feedback.reply):
        return []
    return localized(
        feedback,
        lambda f: f.get_category_display(),
        lambda f: f"{f.message}\n{f.reply}",
        lambda f: reverse("feedback:answers", urlconf=settings.ROOT_URLCONF),
    )


INDEX = [
    Searchable(
        "feedback",
        Feedback,
        documents,
        public=lambda: Feedback.objects.filter(reply_published=True),
    )
]

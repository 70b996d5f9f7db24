from datetime import date

from django.utils import timezone

from .models import Forum

# The figures figures() returns, and their kinds (district_site/core/contributions.py).
FIGURES = {"forum_last_held_on": date, "forum_next_on": date}


def figures():
    visible = Forum.objects.visible()
    last = visible.past().first()
    following = visible.upcoming().first()
    return {
        "forum_last_held_on": timezone.localdate(last.starts_at) if last else None,
        "forum_next_on": timezone.localdate(following.starts_at) if following else None,
    }

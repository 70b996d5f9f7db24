"""A forum's photos and minutes reach citizens when the forum is published."""

from district_site.core.media_access import Files

from .models import Forum, ForumPhoto

FILES = [
    Files(
        ForumPhoto, "renditions", lambda rows: rows.filter(forum__in=Forum.objects.visible()), True
    ),
    Files(Forum, "minutes", lambda rows: rows.visible()),
]

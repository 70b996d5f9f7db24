from .models import Forum

ORDER = 30


def section(request):
    """The next announced forum, so citizens can come; nothing when none is announced."""
    forum = Forum.objects.visible().upcoming().first()
    return {"forum": forum} if forum else None

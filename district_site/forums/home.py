from .models import Forum

# After the budget and projects: the meeting where citizens ask about them.
ORDER = 50


def section(request):
    """The next announced forum, so citizens can come; nothing when none is announced."""
    forum = Forum.objects.visible().upcoming().first()
    return {"forum": forum} if forum else None

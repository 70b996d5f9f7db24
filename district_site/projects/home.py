"""The home page's projects section: what is being built now."""

from .models import Project

# After the budget: what its money is building.
ORDER = 40
SHOWN = 3


def section(request):
    visible = Project.objects.visible()
    under_way = list(
        visible.filter(status=Project.Status.UNDER_WAY).order_by("-progress_updated_on")[:SHOWN]
    )
    if not under_way and not visible.exists():
        return None
    return {"projects": under_way, "count": visible.count()}

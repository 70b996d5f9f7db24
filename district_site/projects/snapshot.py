from .models import Project

# The figures figures() returns, and their kinds (district_site/core/contributions.py).
FIGURES = {"projects_published": int, "projects_stale": int}


def figures():
    visible = Project.objects.visible()
    return {
        "projects_published": visible.count(),
        "projects_stale": visible.stale().count(),
    }

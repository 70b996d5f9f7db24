from .models import Project


def figures():
    visible = Project.objects.visible()
    return {
        "projects_published": visible.count(),
        "projects_stale": visible.stale().count(),
    }

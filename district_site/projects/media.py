"""A project's progress photos and documents reach citizens when the project is published (and
a photo, when a publisher has published its progress update)."""

from district_site.core.media_access import Files

from .models import Project, ProjectDocument, ProjectPhoto

FILES = [
    Files(
        ProjectPhoto,
        "renditions",
        lambda rows: rows.filter(
            update__project__in=Project.objects.visible(), update__is_published=True
        ),
        renditions=True,
    ),
    Files(ProjectDocument, "file", lambda rows: rows.filter(project__in=Project.objects.visible())),
]

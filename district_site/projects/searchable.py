from district_site.search.index import Searchable, localized

from .models import Project


def documents(project):
    if not project.is_published:
        return []
    return localized(
        project,
        lambda p: p.name,
        lambda p: f"{p.code} {p.description} {p.contractor}",
        lambda p: p.get_absolute_url(),
    )


INDEX = [Searchable("project", Project, documents, public=Project.objects.visible)]

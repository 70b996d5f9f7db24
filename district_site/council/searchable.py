from district_site.search.index import Searchable, localized

from .models import CouncilMember


def documents(member):
    if not member.is_published:
        return []
    return localized(member, lambda m: m.name, lambda m: m.role, lambda m: m.get_absolute_url())


INDEX = [
    Searchable("council", CouncilMember, documents, public=lambda: CouncilMember.objects.visible())
]

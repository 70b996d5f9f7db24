from django.utils.translation import get_language
from django.utils.translation import gettext as _

from district_site.search.index import Searchable, localized

from . import gazetteer
from .models import Project


def _places(project):
    """Where the project is, as citizens name it: its village and commune in the reader's
    language first (they show in the result's snippet), then in the other script, so a name
    typed either way finds it."""
    units = gazetteer.units([project.commune_code, project.village_code])
    village, commune = units.get(project.village_code), units.get(project.commune_code)
    english = get_language() == "en"
    shown = []
    if village:
        name = village.name_latin if english else village.name_km
        shown.append(_("%(name)s village") % {"name": name})
    if commune:
        name = commune.name_latin if english else commune.name_km
        shown.append(_("%(name)s commune") % {"name": name})
    other = [unit.name_km if english else unit.name_latin for unit in (village, commune) if unit]
    return ", ".join(shown), " ".join(other)


def documents(project):
    if not project.is_published:
        return []

    def text(p):
        shown, other = _places(p)
        return f"{p.code} {shown}\n{p.description}\n{p.contractor}\n{other}"

    return localized(project, lambda p: p.name, text, lambda p: p.get_absolute_url())


INDEX = [Searchable("project", Project, documents, public=Project.objects.visible)]

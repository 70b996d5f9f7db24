from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from district_site.search.index import Searchable, localized

from .models import Budget, BudgetVersion, Code


def documents(budget):
    """A published year is found by its year, its programmes and the names of its lines, in
    the latest version. publish_budget saves the Budget, so each publication re-indexes it."""
    version = budget.latest_version
    if version is None:
        return []
    programmes = {c.code: c for c in Code.objects.filter(kind=Code.Kind.PROGRAMME, parent="")}

    def text(b):
        names = [p.name for code, p in programmes.items() if _uses(version.lines, code)]
        names += [_name(line) for line in version.lines]
        return "\n".join(names)

    return localized(
        budget,
        lambda b: _("Budget %(year)d") % {"year": b.year},
        text,
        lambda b: reverse("budget:year", args=[b.year], urlconf=settings.ROOT_URLCONF),
    )


def _uses(lines, programme):
    return any(line.get("programme") == programme for line in lines)


def _name(line):
    return (
        line.get("name_en") if get_language() == "en" and line.get("name_en") else line["name_km"]
    )


INDEX = [
    Searchable(
        "budget",
        Budget,
        documents,
        public=lambda: Budget.objects.filter(versions__isnull=False).distinct(),
        # A version is what citizens read of a year: indexed as it is published, whatever
        # else publish_budget saves.
        follows=((BudgetVersion, lambda version: version.budget_id),),
    )
]

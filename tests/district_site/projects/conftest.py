"""Projects built through the real revisions and actions, in a district's own communes."""

from datetime import date

from django_tenants.utils import tenant_context

from district_site.projects import actions
from district_site.projects.models import Project
from district_site.revisions import actions as revisions
from tenants.gazetteer import communes_of

# What an officer types in the console for a new project (commune filled per district).
FORM = {
    "code": "RD-2026-01",
    "name_km": "ផ្លូវក្រួសក្រហម",
    "name_en": "Laterite road",
    "description_km": "ផ្លូវ ១.២ គ.ម",
    "description_en": "",
    "sector": "04",
    "funding_source": "dm_dev",
    "village_code": "",
    "latitude": "",
    "longitude": "",
    "budget_line": "",
    "contractor": "ក្រុមហ៊ុន សុខ",
    "contract_amount": "205000000",
    "start_date": "2026-02-01",
    "planned_end_date": "2026-06-30",
    "actual_end_date": "",
    "status": "under_way",
}


def communes(district):
    """The district's communes, as (code, name_km, name_latin)."""
    return communes_of(district.code)


def make_project(district, *, published=True, updates=(), **fields):
    """A project saved as an officer's would be; ``updates`` are (date, percent[, note_km])."""
    values = {
        "code": "P-1",
        "name_km": "គម្រោង",
        "sector": "04",
        "funding_source": "dm_dev",
        "commune_code": communes(district)[0][0],
        "status": Project.Status.UNDER_WAY,
        "start_date": date(2026, 1, 10),
        **fields,
    }
    with tenant_context(district):
        project = Project(**values)
        revisions.create(project, actor="test", announce=False)
        if published:
            revisions.set_published(project, True, actor="test")
        for update in updates:
            day, percent, note = (*update, "")[:3]
            actions.add_progress(project, date=day, percent=percent, note_km=note, actor="test")
        project.refresh_from_db()
    return project

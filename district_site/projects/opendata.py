"""Projects as open data (see district_site.opendata.registry): every published project with its
place, money and progress, each progress report, and the projects that have a point as GeoJSON.
Only what citizens already read on the site: never a draft, nor who reported the progress."""

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from district_site.opendata.registry import Dataset, Field

from . import gazetteer
from .models import ProgressUpdate, Project

PROJECT_FIELDS = (
    Field("code", "string", _("Project code"), required=True),
    Field("name_km", "string", _("Name in Khmer"), required=True),
    Field("name_en", "string", _("Name in English")),
    Field(
        "sector",
        "string",
        _("Sector"),
        _("Code of the budget's sector list."),
        required=True,
        filter=True,
    ),
    Field(
        "funding_source",
        "string",
        _("Funding source"),
        _("Code of the budget's list of funding sources."),
        required=True,
        filter=True,
    ),
    Field(
        "commune_code",
        "string",
        _("Commune code"),
        _("NCDD gazetteer code."),
        required=True,
        filter=True,
    ),
    Field("commune_name_km", "string", _("Commune name in Khmer")),
    Field("commune_name_en", "string", _("Commune name in Latin letters")),
    Field("village_code", "string", _("Village code"), _("NCDD gazetteer code; empty if none.")),
    Field("village_name_km", "string", _("Village name in Khmer")),
    Field("village_name_en", "string", _("Village name in Latin letters")),
    Field("latitude", "number", _("Latitude"), _("WGS 84 decimal degrees; empty if not placed.")),
    Field("longitude", "number", _("Longitude"), _("WGS 84 decimal degrees; empty if not placed.")),
    Field("contractor", "string", _("Contractor")),
    Field("contract_amount", "integer", _("Contract amount (riel)")),
    Field("start_date", "date", _("Start date")),
    Field("planned_end_date", "date", _("Planned end date")),
    Field("actual_end_date", "date", _("Actual end date")),
    Field(
        "status",
        "string",
        _("Status"),
        required=True,
        enum=tuple(Project.Status.values),
        filter=True,
    ),
    Field(
        "progress_percent",
        "integer",
        _("Progress (%)"),
        _("The latest progress reported, in per cent."),
        required=True,
    ),
    Field("progress_date", "date", _("Progress reported on"), _("Date of the latest report.")),
    Field(
        "budget_year",
        "year",
        _("Budget year"),
        _("Year of the budget whose line pays for the project; empty if none is named."),
    ),
    Field(
        "budget_line_key",
        "string",
        _("Budget line"),
        _(
            "The budget line paying for the project, as a JSON list (direction, sub-programme, "
            "activity, economic code, sector, source, Khmer name)."
        ),
    ),
)
PROGRESS_FIELDS = (
    Field("project_code", "string", _("Project code"), required=True, filter=True),
    Field("date", "date", _("Date"), required=True),
    Field("percent", "integer", _("Progress (%)"), required=True),
    Field("note_km", "string", _("Note in Khmer")),
    Field("note_en", "string", _("Note in English")),
)


def _published():
    return Project.objects.visible().order_by("code")


def _coordinate(value):
    return None if value is None else float(value)


def project_rows():
    projects = list(_published())
    places = gazetteer.units(
        [p.commune_code for p in projects] + [p.village_code for p in projects if p.village_code]
    )
    for project in projects:
        commune = places.get(project.commune_code)
        village = places.get(project.village_code)
        yield {
            "code": project.code,
            "name_km": project.name_km,
            "name_en": project.name_en,
            "sector": project.sector,
            "funding_source": project.funding_source,
            "commune_code": project.commune_code,
            "commune_name_km": commune.name_km if commune else "",
            "commune_name_en": commune.name_latin if commune else "",
            "village_code": project.village_code,
            "village_name_km": village.name_km if village else "",
            "village_name_en": village.name_latin if village else "",
            "latitude": _coordinate(project.latitude),
            "longitude": _coordinate(project.longitude),
            "contractor": project.contractor,
            "contract_amount": project.contract_amount,
            "start_date": project.start_date,
            "planned_end_date": project.planned_end_date,
            "actual_end_date": project.actual_end_date,
            "status": project.status,
            "progress_percent": project.progress,
            "progress_date": project.progress_updated_on,
            "budget_year": project.budget_year if project.budget_line_key else None,
            "budget_line_key": project.budget_line_key,
        }


def progress_rows():
    updates = (
        ProgressUpdate.objects.filter(project__in=Project.objects.visible(), is_published=True)
        .select_related("project")
        .order_by("project__code", "date", "pk")
    )
    for update in updates:
        yield {
            "project_code": update.project.code,
            "date": update.date,
            "percent": update.percent,
            "note_km": update.note_km,
            "note_en": update.note_en,
        }


def geojson():
    """The published projects that have a point, as a GeoJSON FeatureCollection (RFC 7946:
    coordinates are [longitude, latitude]); each feature's properties are its row's columns
    but the two coordinates, which the geometry holds."""
    features = []
    for row in project_rows():
        if row["latitude"] is None or row["longitude"] is None:
            continue
        properties = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        features.append(
            {
                "type": "Feature",
                "id": row["code"],
                "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def modified():
    """When the published projects last changed. Every project counts, published or not: a
    withdrawal changes what the files hold, and it saves the project too (updated_at)."""
    if not Project.objects.visible().exists():
        return None
    return Project.objects.aggregate(last=Max("updated_at"))["last"]


DATASETS = [
    Dataset(
        name="projects",
        title=_("Development projects"),
        description=_(
            "Every published development project of the district: where it is, its sector and "
            "funding source, contractor and contract amount in riel, dates, status and latest "
            "progress. Projects with a point are also in the GeoJSON file."
        ),
        fields=PROJECT_FIELDS,
        rows=project_rows,
        modified=modified,
        primary_key=("district_code", "code"),
        geojson=geojson,
        order=30,
        keywords=("projects", "investment", "infrastructure"),
    ),
    Dataset(
        name="project-progress",
        title=_("Progress of development projects"),
        description=_(
            "Every dated progress report of the published projects: the per cent done and the "
            "officer's note."
        ),
        fields=PROGRESS_FIELDS,
        rows=progress_rows,
        modified=modified,
        order=31,
        keywords=("projects", "progress"),
    ),
]

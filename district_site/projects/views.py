"""Citizens' project pages: the list with filters (plain GET, no script), a project with its
timeline of progress and photos, and the map."""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from district_site.budget import figures
from district_site.budget.models import Code
from district_site.core.page_cache import cached_page, memo
from tenants.visible_text import VisibleTextMixin

from . import budget_lines, gazetteer, map_drawing
from .models import Project

PER_PAGE = 20


class FilterForm(VisibleTextMixin, forms.Form):
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.TypedChoiceField(label=_("Year started"), required=False, coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        communes, sectors, years = memo("project-filters", _filter_choices, per_language=True)
        self.fields["commune"].choices = every + communes
        self.fields["sector"].choices = every + sectors
        self.fields["status"].choices = every + list(Project.Status.choices)
        self.fields["year"].choices = every + [(str(year), str(year)) for year in years]

    def filter(self, projects):
        """Apply each filter that holds a valid value; an invalid one (an old link) is ignored."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        if data["commune"]:
            projects = projects.filter(commune_code=data["commune"])
        if data["sector"]:
            projects = projects.filter(sector=data["sector"])
        if data["status"]:
            projects = projects.filter(status=data["status"])
        if data["year"]:
            projects = projects.filter(start_date__year=data["year"])
        return projects


def _filter_choices():
    """The communes, the sectors projects use and the years they started in: once per
    publication and language (page_cache.memo), as every filtered list shows them."""
    visible = Project.objects.visible()
    used = set(visible.values_list("sector", flat=True))
    sectors = [
        (code.code, code.name)
        for code in figures.codes()
        if code.kind == Code.Kind.SECTOR and code.code in used
    ]
    years = sorted(
        {date.year for date in visible.exclude(start_date=None).dates("start_date", "year")},
        reverse=True,
    )
    return gazetteer.commune_choices(), sectors, years


def _with_places(projects):
    """Attach commune and village units, sector and source codes: the district's units and the
    codes are looked up once per publication (page_cache.memo), so no query here."""
    units = memo("project-units", gazetteer.district_units)
    codes = {(c.kind, c.code): c for c in figures.codes() if c.kind in ("sector", "source")}
    for project in projects:
        project.commune = units.get(project.commune_code)
        project.village = units.get(project.village_code)
        project.sector_code = codes.get(("sector", project.sector))
        project.source_code = codes.get(("source", project.funding_source))
    return projects


@cached_page
def project_list(request):
    form = FilterForm(request.GET or None)
    projects = form.filter(Project.objects.visible()) if request.GET else Project.objects.visible()
    page = Paginator(projects, PER_PAGE).get_page(request.GET.get("page"))
    _with_places(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": any(request.GET.get(name) for name in form.fields),
            "query": query.urlencode(),
        },
    )


@cached_page
def project_detail(request, code):
    project = get_object_or_404(Project.objects.visible(), code=code)
    _with_places([project])
    updates = project.updates.filter(is_published=True).prefetch_related("photos")
    updates = updates.order_by("date", "pk")
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "updates": updates,
            "documents": project.documents.all(),
            # Found among every line of the year's version: once per publication.
            "budget_line": memo(
                f"budget-line:{project.budget_year}:{project.budget_line_key}",
                lambda: budget_lines.find(project.budget_year, project.budget_line_key),
            ),
        },
    )


def _live_map(projects, communes):
    """What static/projects-map.js needs to draw the street map: the points, the tiles and our
    own copies of Leaflet and its clustering plugin, as JSON in the page (a data block, which
    the Content-Security-Policy lets through as it runs nothing)."""
    return {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "scripts": [
            static("vendor/leaflet/leaflet.js"),
            static("vendor/leaflet.markercluster/leaflet.markercluster.js"),
        ],
        "styles": [
            static("vendor/leaflet/leaflet.css"),
            static("vendor/leaflet.markercluster/MarkerCluster.css"),
            static("vendor/leaflet.markercluster/MarkerCluster.Default.css"),
        ],
        "projects": [
            {
                "code": p.code,
                "name": p.name,
                "status": p.status,
                "label": f"{p.get_status_display()}, {p.progress}%",
                "url": p.get_absolute_url(),
                "lat": float(p.latitude),
                "lon": float(p.longitude),
            }
            for p in projects
            if p.has_point
        ],
        "communes": [{"name": name, "lat": lat, "lon": lon} for _c, name, lat, lon in communes],
    }


@cached_page
def project_map(request):
    projects = _with_places(list(Project.objects.visible()))
    communes = memo("commune-centres", gazetteer.commune_centres, per_language=True)
    drawing = map_drawing.draw(projects, communes)
    return render(
        request,
        "projects/project_map.html",
        {
            "projects": projects,
            "map": drawing,
            "live_map": _live_map(projects, communes) if drawing else None,
            "unplaced": [p for p in projects if not p.has_point],
        },
    )

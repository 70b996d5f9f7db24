"""Citizens' project pages: the list with filters (plain GET, no script), a project with its
timeline of progress and photos, and the map."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from district_site.budget.models import Code
from district_site.core.page_cache import cached_page

from . import budget_lines, gazetteer, map_drawing
from .models import Project

PER_PAGE = 20


class FilterForm(forms.Form):
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.TypedChoiceField(label=_("Year started"), required=False, coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        visible = Project.objects.visible()
        used = set(visible.values_list("sector", flat=True))
        self.fields["commune"].choices = every + gazetteer.commune_choices()
        self.fields["sector"].choices = every + [
            (code.code, code.name)
            for code in Code.objects.filter(kind=Code.Kind.SECTOR)
            if code.code in used
        ]
        self.fields["status"].choices = every + list(Project.Status.choices)
        years = sorted(
            {date.year for date in visible.exclude(start_date=None).dates("start_date", "year")},
            reverse=True,
        )
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


def _with_places(projects):
    """Attach commune and village units, sector and source codes, in two queries."""
    units = gazetteer.units(
        code for p in projects for code in (p.commune_code, p.village_code) if code
    )
    codes = {(c.kind, c.code): c for c in Code.objects.filter(kind__in=["sector", "source"])}
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
    updates = project.updates.prefetch_related("photos").order_by("date", "pk")
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "updates": updates,
            "documents": project.documents.all(),
            "budget_line": budget_lines.find(project.budget_year, project.budget_line_key),
        },
    )


@cached_page
def project_map(request):
    projects = _with_places(list(Project.objects.visible()))
    return render(
        request,
        "projects/project_map.html",
        {
            "projects": projects,
            "map": map_drawing.draw(projects, gazetteer.commune_centres()),
            "unplaced": [p for p in projects if not p.has_point],
        },
    )

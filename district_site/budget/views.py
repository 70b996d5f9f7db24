from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from district_site.core.page_cache import cached_page

from . import figures, history
from .models import Budget, Code, Direction


def _published_years():
    return list(
        Budget.objects.filter(versions__isnull=False).distinct().values_list("year", flat=True)
    )


def _published(year):
    budget = get_object_or_404(Budget, year=year)
    version = budget.latest_version
    if version is None:
        raise Http404
    return budget, version


@cached_page
def budget_index(request):
    """The latest published year; every other year is one link away."""
    years = _published_years()
    if not years:
        return render(request, "budget/none.html", {})
    return _year_page(request, max(years), years)


@cached_page
def budget_year(request, year):
    return _year_page(request, year, _published_years())


def _year_page(request, year, years):
    budget, version = _published(year)
    glance = figures.year_at_a_glance(version.lines)
    charts = [
        figures.bar_chart(
            "by-source",
            _("Revenue by source, %(year)d") % {"year": year},
            _("For each source of revenue: the amount planned and the amount received so far."),
            glance["by_source"],
        ),
        figures.bar_chart(
            "by-programme",
            _("Expenditure by programme, %(year)d") % {"year": year},
            _("For each programme: the amount planned and the amount spent so far."),
            glance["by_programme"],
        ),
        figures.bar_chart(
            "by-sector",
            _("Expenditure by sector, %(year)d") % {"year": year},
            _("For each sector: the amount planned and the amount spent so far."),
            glance["by_sector"],
        ),
    ]
    earlier = Budget.objects.filter(year=year - 1).first()
    earlier_version = earlier.latest_version if earlier else None
    return render(
        request,
        "budget/year.html",
        {
            "budget": budget,
            "version": version,
            "glance": glance,
            "charts": charts,
            "years": years,
            "comparison": _comparison(glance, earlier_version),
        },
    )


def _comparison(glance, earlier_version):
    """This year's totals beside the previous year's latest published ones."""
    if earlier_version is None:
        return None
    before = figures.year_at_a_glance(earlier_version.lines)
    rows = []
    for name in ("revenue", "expenditure"):
        now, then = glance[name].current, before[name].current
        change = round((now - then) * 100 / then) if then else None
        rows.append({"name": glance[name].name, "now": now, "then": then, "change": change})
    return {"year": earlier_version.budget.year, "rows": rows}


@cached_page
def budget_programme(request, year, code):
    """One programme's lines, by sub-programme."""
    budget, version = _published(year)
    programme = get_object_or_404(Code, kind=Code.Kind.PROGRAMME, code=code, parent="")
    lines = [
        line
        for line in figures.of(version.lines, Direction.EXPENDITURE)
        if line.get("programme") == code
    ]
    subprogrammes = figures.group(lines, "subprogramme", Code.Kind.PROGRAMME)
    for sub in subprogrammes:
        sub.lines = [
            {**line, "executed": figures.executed(line), "current": figures.current(line)}
            for line in lines
            if line.get("subprogramme") == sub.code
        ]
    return render(
        request,
        "budget/programme.html",
        {
            "budget": budget,
            "version": version,
            "programme": programme,
            "subprogrammes": subprogrammes,
            "total": figures.total(lines),
        },
    )


def budget_versions(request, year):
    """Every version of the year with what changed and whether its hash still matches the
    public record. Not cached: the check must run against what is stored now."""
    budget = get_object_or_404(Budget, year=year)
    report = history.check_chain(budget)
    if not report.versions and not report.missing:
        raise Http404
    labels = _amount_labels()
    entries = []
    before = []
    for check in report.versions:
        change = history.diff(before, check.version.lines)
        moved = [
            (line, [(labels[name], old, new) for name, (old, new) in changes.items()])
            for line, changes in change.moved
        ]
        entries.append({"check": check, "diff": change, "moved": moved})
        before = check.version.lines
    entries.reverse()
    return render(
        request,
        "budget/versions.html",
        {
            "budget": budget,
            "entries": entries,
            "chain": report,
        },
    )


def _amount_labels():
    return {"planned": _("planned"), "revised": _("revised"), "executed": _("executed")}

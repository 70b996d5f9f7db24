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
    """The year's budget, its latest version, that version's lines with the executed amounts
    of the latest execution report (when there is one), and that report."""
    budget = get_object_or_404(Budget, year=year)
    version = budget.latest_version
    if version is None:
        raise Http404
    execution = budget.latest_execution
    return budget, version, figures.with_execution(version.lines, execution), execution


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
    budget, version, lines, execution = _published(year)
    glance = figures.year_at_a_glance(lines)
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
    earlier = _earlier_years(year, years)
    return render(
        request,
        "budget/year.html",
        {
            "budget": budget,
            "version": version,
            "execution": execution,
            "glance": glance,
            "charts": charts,
            "years": years,
            "comparison": _comparison(glance, earlier),
            "history": _history(budget.year, glance, earlier),
            "plain": _in_plain_words(glance),
        },
    )


# Comparisons reach this many years back: enough for a trend, little enough for a phone.
EARLIER_YEARS = 4


def _earlier_years(year, years):
    """{year: glance} of the published years before ``year``, nearest first."""
    earlier = {}
    for budget in Budget.objects.filter(
        year__in=sorted((y for y in years if y < year), reverse=True)[:EARLIER_YEARS]
    ):
        _budget, _version, lines, _execution = _published(budget.year)
        earlier[budget.year] = figures.year_at_a_glance(lines)
    return dict(sorted(earlier.items(), reverse=True))


def _comparison(glance, earlier):
    """This year's totals beside the previous year's latest published ones."""
    if not earlier:
        return None
    year, before = next(iter(earlier.items()))
    rows = []
    for name in ("revenue", "expenditure"):
        now, then = glance[name].current, before[name].current
        change = round((now - then) * 100 / then) if then else None
        rows.append({"name": glance[name].name, "now": now, "then": then, "change": change})
    programmes = {g.code: g for g in before["by_programme"]}
    for group in glance["by_programme"]:
        then = programmes[group.code].current if group.code in programmes else None
        change = round((group.current - then) * 100 / then) if then else None
        rows.append({"name": group.name, "now": group.current, "then": then, "change": change})
    return {"year": year, "rows": rows}


def _history(year, glance, earlier):
    """One row per year, this one first: what was planned and what was executed."""
    if not earlier:
        return []
    return [
        {"year": y, "revenue": g["revenue"], "expenditure": g["expenditure"]}
        for y, g in [(year, glance), *earlier.items()]
    ]


def _in_plain_words(glance):
    """The few sentences of a citizens' budget: how much comes in, from where mostly, how much
    goes out, to what mostly, and how much has been spent so far."""
    revenue, spending = glance["revenue"], glance["expenditure"]
    sentences = []
    if revenue.current:
        top = max(glance["by_source"], key=lambda g: g.current)
        sentences.append(
            _(
                "The district expects to receive %(total)s riel this year. The largest part, "
                "%(share)d%%, comes from: %(name)s."
            )
            % {
                "total": f"{revenue.current:,}",
                "share": round(top.current * 100 / revenue.current),
                "name": top.name,
            }
        )
    if spending.current:
        top = max(glance["by_programme"], key=lambda g: g.current)
        sentences.append(
            _(
                "It plans to spend %(total)s riel. The largest part, %(share)d%%, goes to the "
                "programme: %(name)s."
            )
            % {
                "total": f"{spending.current:,}",
                "share": round(top.current * 100 / spending.current),
                "name": top.name,
            }
        )
        sentences.append(
            _("So far %(spent)s riel have been spent: %(percent)d%% of what is planned.")
            % {"spent": f"{spending.executed:,}", "percent": spending.percent}
        )
    return sentences


@cached_page
def budget_programme(request, year, code):
    """One programme's lines, by sub-programme."""
    budget, version, all_lines, execution = _published(year)
    programme = get_object_or_404(Code, kind=Code.Kind.PROGRAMME, code=code, parent="")
    lines = [
        line
        for line in figures.of(all_lines, Direction.EXPENDITURE)
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
            "execution": execution,
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
    execution = history.check_execution_chain(budget)
    return render(
        request,
        "budget/versions.html",
        {
            "budget": budget,
            "entries": _entries(report),
            "chain": report,
            "execution_entries": _entries(execution),
            "execution_chain": execution,
            "ok": report.ok and execution.ok,
        },
    )


def _entries(report):
    """Each checked version with what changed from the one before, latest first."""
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
    return entries


def _amount_labels():
    return {"planned": _("planned"), "revised": _("revised"), "executed": _("executed")}

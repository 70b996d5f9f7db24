from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from district_site.core.models import DistrictProfile
from district_site.core.page_cache import cached_page, memo
from tenants.links import district_url

from . import figures, history, pdf
from .models import Budget, BudgetVersion, Code, Direction, ExecutionVersion
from .years import coming_year, year_in_progress


def _published_years():
    return memo(
        "budget-years",
        lambda: list(
            Budget.objects.filter(versions__isnull=False).distinct().values_list("year", flat=True)
        ),
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
    """The year in progress, with the coming year's plan beside it once published (a plan
    published in December must not hide the year still being spent); every other year is one
    link away."""
    years = _published_years()
    if not years:
        return render(request, "budget/none.html", {})
    return _year_page(request, year_in_progress(years), years)


@cached_page
def budget_year(request, year):
    return _year_page(request, year, _published_years())


def _figures(year):
    """The year's budget, the number and date of its latest version and execution report, and
    its figures at a glance: computed from every frozen line once per publication and
    language (page_cache.memo), since the year's page, the years after it and the home page
    all show them. Only what the pages show is kept, never the lines themselves."""

    def compute():
        budget, version, lines, execution = _published(year)
        return {
            "budget": budget,
            "version": _stamp(version),
            "execution": _stamp(execution),
            "glance": figures.year_at_a_glance(lines),
        }

    return memo(f"budget-figures:{year}", compute, per_language=True)


def _stamp(version):
    if version is None:
        return None
    stamp = {"number": version.number, "published_at": version.published_at}
    if hasattr(version, "quarter"):
        stamp["quarter"] = version.quarter
    return stamp


def _year_page(request, year, years):
    if year not in years:
        raise Http404
    published = _figures(year)
    budget, version, execution = published["budget"], published["version"], published["execution"]
    glance = published["glance"]
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
    current = year_in_progress(years)
    coming = None
    if year == current and coming_year(years) is not None:
        coming = {"year": coming_year(years), **_figures(coming_year(years))["glance"]}
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
            "coming": coming,
            "in_progress": current,
        },
    )


# Comparisons reach this many years back: enough for a trend, little enough for a phone.
EARLIER_YEARS = 4


def _earlier_years(year, years):
    """{year: glance} of the published years before ``year``, nearest first."""
    # Every year of ``years`` is published (has a version): _figures finds each one.
    nearest = sorted((y for y in years if y < year), reverse=True)[:EARLIER_YEARS]
    return {y: _figures(y)["glance"] for y in nearest}


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


def _largest_part(message, amounts, groups):
    """``message`` said of ``amounts``' total and the largest of ``groups``, with its share."""
    top = max(groups, key=lambda g: g.current)
    return message % {
        "total": f"{amounts.current:,}",
        "share": round(top.current * 100 / amounts.current),
        "name": top.name,
    }


def _in_plain_words(glance):
    """The few sentences of a citizens' budget: how much comes in, from where mostly, how much
    goes out, to what mostly, and how much has been spent so far."""
    revenue, spending = glance["revenue"], glance["expenditure"]
    sentences = []
    if revenue.current:
        message = _(
            "The district expects to receive %(total)s riel this year. The largest part, "
            "%(share)d%%, comes from: %(name)s."
        )
        sentences.append(_largest_part(message, revenue, glance["by_source"]))
    if spending.current:
        message = _(
            "It plans to spend %(total)s riel. The largest part, %(share)d%%, goes to the "
            "programme: %(name)s."
        )
        sentences.append(_largest_part(message, spending, glance["by_programme"]))
        sentences.append(
            _("So far %(spent)s riel have been spent: %(percent)d%% of what is planned.")
            % {"spent": f"{spending.executed:,}", "percent": spending.percent}
        )
    return sentences


@cached_page
def budget_programme(request, year, code):
    """One programme's lines, by sub-programme: picked out of every frozen line once per
    publication and language (page_cache.memo)."""

    def compute():
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
        # The tables rendered here, once: a programme of a large budget has thousands of rows.
        tables = render_to_string(
            "budget/includes/programme_tables.html",
            {"subprogrammes": subprogrammes, "LANGUAGE_CODE": get_language()},
        )
        return {
            "budget": budget,
            "version": _stamp(version),
            "execution": _stamp(execution),
            "programme": programme,
            "tables": tables,
            "total": figures.total(lines),
        }

    context = memo(f"budget-programme:{year}:{code}", compute, per_language=True)
    # Rendered from our own template, escaped there.
    return render(
        request,
        "budget/programme.html",
        {**context, "tables": mark_safe(context["tables"])},  # noqa: S308
    )


def budget_versions(request, year):
    """Every version of the year with what changed and whether its hash still matches the
    public record. Not cached: the check must run against what is stored now."""
    budget = get_object_or_404(Budget, year=year)
    public = BudgetVersion.public_record(budget)
    report = BudgetVersion.check_chain(budget, public)
    if not report.versions and not report.missing:
        raise Http404
    execution = ExecutionVersion.check_chain(budget, public)
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


@require_safe
def citizens_budget_pdf(request, year):
    """The year's citizens' budget as a one-page PDF in Khmer (budget/pdf.py), on either
    language's address: the printed sheet is for Khmer readers."""
    budget, version, lines, execution = _published(year)
    with translation.override("km"):
        glance = figures.year_at_a_glance(lines)
        context = {
            "district": request.tenant,
            "profile": DistrictProfile.current(),
            "budget": budget,
            "version": version,
            "execution": execution,
            "glance": glance,
            "totals": [glance["revenue"], glance["expenditure"]],
            "plain": _in_plain_words(glance),
            "site_url": district_url(request.tenant, reverse("budget:year", args=[year])),
        }
    data = pdf.citizens_budget(context, name=pdf.stored_name(budget, version, execution))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="citizens-budget-{year}.pdf"'
    return response

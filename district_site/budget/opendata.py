"""The budget's open datasets (see district_site.opendata.registry): every line of every
published version, and the executed amounts per quarter. Both read the frozen versions only,
never the draft, so a download is always something citizens could already read on the site.

Column types follow the Fiscal Data Package (``fiscal``: period, classifications, direction;
the model below names the phases), so OpenSpending-style tools can map the columns."""

from datetime import date

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from district_site.opendata.registry import Dataset, Field

from .models import QUARTERS, BudgetVersion, Direction

CURRENCY = "KHR"

_PERIOD = (
    Field(
        "fiscal_year",
        "year",
        _("Fiscal year"),
        _("The calendar year the budget is for."),
        required=True,
        fiscal="date:fiscal-year",
        filter=True,
    ),
    Field(
        "budget_version",
        "integer",
        _("Version"),
        _("The number of the published version of that year's budget; a correction is a new one."),
        required=True,
        filter=True,
    ),
    Field(
        "latest",
        "boolean",
        _("Latest version"),
        _("Whether this is the latest published version of the year."),
        required=True,
        filter=True,
    ),
    Field("published_at", "datetime", _("Published"), _("When the version was published (UTC).")),
    Field(
        "version_sha256",
        "string",
        _("Version hash"),
        _("SHA-256 of the version, as recorded in the platform's public record."),
    ),
)
_CLASSIFICATION = (
    Field("line", "integer", _("Line"), _("The line's place in the version."), required=True),
    Field(
        "direction",
        "string",
        _("Direction"),
        _("revenue or expenditure."),
        required=True,
        enum=tuple(Direction.values),
        fiscal="direction",
        filter=True,
    ),
    Field("programme", "string", _("Programme"), fiscal="activity:generic:program:code"),
    Field("subprogramme", "string", _("Sub-programme"), fiscal="activity:generic:subprogram:code"),
    Field("activity", "string", _("Activity cluster"), fiscal="activity:generic:activity:title"),
    Field(
        "economic",
        "string",
        _("Economic classification"),
        _("Chapter or account of the national chart of accounts."),
        fiscal="economic-classification:generic:level1:code",
    ),
    Field("sector", "string", _("Sector"), fiscal="functional-classification:generic:level1:code"),
    Field("source", "string", _("Funding source"), fiscal="fin-source:generic:code"),
    Field("name_km", "string", _("Description in Khmer"), required=True),
    Field("name_en", "string", _("Description in English")),
)


def _amount(name, title, description):
    return Field(name, "integer", title, description, fiscal="value")


BUDGET_FIELDS = (
    *_PERIOD,
    *_CLASSIFICATION,
    _amount("planned", _("Planned (riel)"), _("The amount in the adopted budget, in riel.")),
    _amount(
        "revised", _("Revised (riel)"), _("The amount after revision, in riel; empty if none.")
    ),
    _amount(
        "executed",
        _("Executed (riel)"),
        _("Received (revenue) or spent (expenditure) so far, all quarters, in riel."),
    ),
)
EXECUTION_FIELDS = (
    *_PERIOD,
    Field("quarter", "integer", _("Quarter"), required=True, enum=(1, 2, 3, 4), filter=True),
    Field("period_start", "date", _("Quarter start"), fiscal="date:generic", required=True),
    Field("period_end", "date", _("Quarter end"), required=True),
    *_CLASSIFICATION,
    _amount("executed", _("Executed (riel)"), _("Received or spent in the quarter, in riel.")),
)

_DIMENSIONS = {
    "date": {"dimensionType": "datetime", "attributes": {"fiscal_year": {"source": "fiscal_year"}}},
    "direction": {
        "dimensionType": "classification",
        "attributes": {"direction": {"source": "direction"}},
    },
    "administrative_classification": {
        "dimensionType": "entity",
        "attributes": {
            "province": {"source": "province_code"},
            "district": {"source": "district_code", "parent": "province"},
        },
    },
    "activity": {
        "dimensionType": "activity",
        "attributes": {
            "programme": {"source": "programme"},
            "subprogramme": {"source": "subprogramme", "parent": "programme"},
            "activity": {"source": "activity"},
            "name_km": {"source": "name_km"},
            "name_en": {"source": "name_en"},
        },
    },
    "economic_classification": {
        "dimensionType": "classification",
        "attributes": {"economic": {"source": "economic"}},
    },
    "functional_classification": {
        "dimensionType": "classification",
        "attributes": {"sector": {"source": "sector"}},
    },
    "fin_source": {
        "dimensionType": "classification",
        "attributes": {"source": {"source": "source"}},
    },
}


def _measure(source, phase):
    return {"source": source, "currency": CURRENCY, "factor": 1, "phase": phase}


BUDGET_MODEL = {
    # The Fiscal Data Package's phases: the adopted plan is "approved", a revision "adjusted".
    "measures": {
        "planned": _measure("planned", "approved"),
        "revised": _measure("revised", "adjusted"),
        "executed": _measure("executed", "executed"),
    },
    "dimensions": _DIMENSIONS,
}
EXECUTION_MODEL = {
    "measures": {"executed": _measure("executed", "executed")},
    "dimensions": {
        **_DIMENSIONS,
        "date": {
            "dimensionType": "datetime",
            "attributes": {
                "fiscal_year": {"source": "fiscal_year"},
                "quarter": {"source": "quarter", "parent": "fiscal_year"},
            },
        },
    },
}


def _versions():
    """Every published version, oldest first, with whether it is its year's latest."""
    versions = list(
        BudgetVersion.objects.select_related("budget").order_by("budget__year", "number")
    )
    latest = {}
    for version in versions:
        latest[version.budget.year] = version.number
    return [(version, latest[version.budget.year] == version.number) for version in versions]


def _period(version, is_latest):
    return {
        "fiscal_year": version.budget.year,
        "budget_version": version.number,
        "latest": is_latest,
        "published_at": version.published_at,
        "version_sha256": version.sha256,
    }


def _classification(position, line):
    # .get(): versions frozen before a field existed still read, without it.
    return {
        "line": position,
        "direction": line.get("direction"),
        **{
            name: line.get(name) or ""
            for name in ("programme", "subprogramme", "activity", "economic", "sector", "source")
        },
        "name_km": line.get("name_km") or "",
        "name_en": line.get("name_en") or "",
    }


def budget_rows():
    for version, is_latest in _versions():
        period = _period(version, is_latest)
        for position, line in enumerate(version.lines, 1):
            yield {
                **period,
                **_classification(position, line),
                "planned": line.get("planned"),
                "revised": line.get("revised"),
                "executed": _executed(line),
            }


def _has_quarters(line):
    """Whether the frozen line carries quarterly execution. Execution may come to be reported
    apart from the budget's versions; lines frozen without quarters then say nothing of it,
    rather than claiming nothing was spent."""
    return any(q in line for q in QUARTERS)


def _executed(line):
    return sum(line.get(q) or 0 for q in QUARTERS) if _has_quarters(line) else None


def _quarter_dates(year, quarter):
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def execution_rows():
    """Per published version, line and quarter, the amount executed in that quarter. Read from
    the quarters frozen in the budget's versions; a line without quarter figures reads as 0."""
    for version, is_latest in _versions():
        period = _period(version, is_latest)
        for position, line in enumerate(version.lines, 1):
            if not _has_quarters(line):
                continue
            for number, name in enumerate(QUARTERS, 1):
                start, end = _quarter_dates(version.budget.year, number)
                yield {
                    **period,
                    "quarter": number,
                    "period_start": start,
                    "period_end": end,
                    **_classification(position, line),
                    "executed": line.get(name) or 0,
                }


def modified():
    return BudgetVersion.objects.aggregate(last=Max("published_at"))["last"]


DATASETS = [
    Dataset(
        name="budget",
        title=_("Budget"),
        description=_(
            "Every line of every published version of the district's budget: revenue and "
            "expenditure, with their classification and the amounts planned, revised and "
            "executed, in riel."
        ),
        fields=BUDGET_FIELDS,
        rows=budget_rows,
        modified=modified,
        primary_key=("district_code", "fiscal_year", "budget_version", "line"),
        fiscal_model=BUDGET_MODEL,
        order=10,
        keywords=("budget", "fiscal"),
    ),
    Dataset(
        name="execution",
        title=_("Budget execution by quarter"),
        description=_(
            "For every line of every published version of the budget, the amount received or "
            "spent in each quarter of the year, in riel."
        ),
        fields=EXECUTION_FIELDS,
        rows=execution_rows,
        modified=modified,
        primary_key=("district_code", "fiscal_year", "budget_version", "line", "quarter"),
        fiscal_model=EXECUTION_MODEL,
        order=20,
        keywords=("budget", "execution", "fiscal"),
    ),
]

"""The published budget lines a project may name as what pays for it. A line is named by the
budget's own line key (budget.history.line_key) and its year, and always read from the year's
latest published version, so a corrected budget shows the corrected figures."""

import json
from dataclasses import dataclass

from django.utils import translation

from district_site.budget import figures
from district_site.budget.history import line_key
from district_site.budget.models import Budget, Direction


@dataclass(frozen=True)
class Line:
    year: int
    key: str
    name: str
    programme: str
    planned: int
    current: int
    executed: int


def encode(key):
    return json.dumps(list(key), ensure_ascii=False, separators=(",", ":"))


def _name(line):
    english = translation.get_language() == "en" and line.get("name_en")
    return line["name_en"] if english else line["name_km"]


def _lines(version):
    for line in version.lines:
        if line["direction"] == Direction.EXPENDITURE:
            yield Line(
                year=version.budget.year,
                key=encode(line_key(line)),
                name=_name(line),
                programme=(line.get("subprogramme") or "").split(".")[0],
                planned=line["planned"],
                current=figures.current(line),
                executed=figures.executed(line),
            )


def published_lines():
    """Expenditure lines of every published year's latest version, latest year first."""
    lines = []
    for budget in Budget.objects.filter(versions__isnull=False).distinct().order_by("-year"):
        lines.extend(_lines(budget.latest_version))
    return lines


def choice_value(year, key):
    return f"{year}|{key}"


def choices():
    groups = {}
    for line in published_lines():
        groups.setdefault(line.year, []).append(
            (choice_value(line.year, line.key), f"{line.name} ({line.planned:,} ៛)")
        )
    return [(str(year), options) for year, options in groups.items()]


def find(year, key):
    """The line as the year's latest published version has it, or None when that version no
    longer holds it (renamed or removed by a correction)."""
    if not year or not key:
        return None
    budget = Budget.objects.filter(year=year).first()
    version = budget.latest_version if budget else None
    if version is None:
        return None
    return next((line for line in _lines(version) if line.key == key), None)


def decode(key):
    return json.loads(key)

"""The figures citizens read, computed from a version's frozen lines: totals, shares and
% executed are never stored, so they cannot disagree with the lines."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .history import line_key
from .models import Code, Direction

# Drawn at a phone's width, so text in the SVG stays readable without zooming.
CHART_WIDTH = 360
BAR_SPACE = 150  # the longest bar's length; the rest of the width holds its figure
ROW_HEIGHT = 60


def executed(line):
    return sum(line.get(q) or 0 for q in ("q1", "q2", "q3", "q4"))


def current(line):
    """What the district may spend now: the revised amount once there is one."""
    return line["revised"] if line.get("revised") is not None else line["planned"]


@dataclass
class Group:
    code: str
    name: str
    planned: int = 0
    current: int = 0
    executed: int = 0

    @property
    def percent(self):
        return round(self.executed * 100 / self.current) if self.current else None

    def add(self, line):
        # current() and executed() written out: a 5,000-line budget adds each line to four
        # groups on every uncached page (make bench budget).
        planned, revised = line["planned"], line.get("revised")
        self.planned += planned
        self.current += planned if revised is None else revised
        self.executed += (
            (line.get("q1") or 0)
            + (line.get("q2") or 0)
            + (line.get("q3") or 0)
            + (line.get("q4") or 0)
        )


def _names(kind):
    return {c.code: c.name for c in Code.objects.filter(kind=kind)}


def group(lines, field, kind):
    names = _names(kind)
    groups = {}
    for line in lines:
        code = line.get(field) or ""
        if code not in groups:
            groups[code] = Group(code=code, name=names.get(code, code or _("Not classified")))
        groups[code].add(line)
    return sorted(groups.values(), key=lambda g: g.code)


def total(lines, name=""):
    result = Group(code="", name=name)
    for line in lines:
        result.add(line)
    return result


def with_execution(lines, report):
    """The budget version's ``lines`` with their executed amounts taken from the execution
    report ``report`` (an ExecutionVersion, or None to keep the lines' own). Lines are matched
    by their key; a line the report does not name executed nothing."""
    if report is None:
        return lines
    executed_by_key = {line_key(entry): entry for entry in report.lines}
    merged = []
    for line in lines:
        entry = executed_by_key.get(line_key(line), {})
        line = dict(line)
        line["q1"] = entry.get("q1") or 0
        line["q2"] = entry.get("q2") or 0
        line["q3"] = entry.get("q3") or 0
        line["q4"] = entry.get("q4") or 0
        merged.append(line)
    return merged


def of(lines, direction):
    return [line for line in lines if line["direction"] == direction]


def year_at_a_glance(lines):
    revenue = of(lines, Direction.REVENUE)
    spending = of(lines, Direction.EXPENDITURE)
    return {
        "revenue": total(revenue, _("Revenue")),
        "expenditure": total(spending, _("Expenditure")),
        "by_source": group(revenue, "source", Code.Kind.SOURCE),
        "by_programme": group(spending, "programme", Code.Kind.PROGRAMME),
        "by_sector": group(spending, "sector", Code.Kind.SECTOR),
    }


def bar_chart(chart_id, title, description, groups):
    """Geometry of a horizontal bar chart, planned (solid) against executed (hatched) for each
    group; the template draws it and the same figures as a table."""
    largest = max([g.current for g in groups] + [g.executed for g in groups] + [1])
    rows = []
    for index, g in enumerate(groups):
        top = index * ROW_HEIGHT
        rows.append(
            {
                "group": g,
                "label_y": top + 14,
                "current_y": top + 20,
                "executed_y": top + 39,
                "current_width": round(g.current * BAR_SPACE / largest, 1),
                "executed_width": round(g.executed * BAR_SPACE / largest, 1),
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "rows": rows,
        "width": CHART_WIDTH,
        "height": max(len(groups), 1) * ROW_HEIGHT,
        "bar_space": BAR_SPACE,
    }

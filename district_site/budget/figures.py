"""The figures citizens read, computed from a version's frozen lines: totals, shares and
% executed are never stored, so they cannot disagree with the lines."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from district_site.core.page_cache import memo

from .history import line_key
from .models import Code, Direction

# The chart is not scaled to fit (no viewBox): its text is drawn in CSS pixels, the same size
# on a 320-px phone as on a desktop, and each bar is a percentage of the chart's width. Each
# figure has its own line under its bar, so nothing needs room beside the longest bar.
BAR_SPACE = 100  # the longest bar, in % of the chart's width
ROW_HEIGHT = 96


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


def codes():
    """Every code of every kind, in one query once per publication (page_cache.memo): a budget
    page groups by three kinds, every project page names a sector and a source."""
    return memo("budget-codes", lambda: list(Code.objects.all()))


def _names(kind):
    return {c.code: c.name for c in codes() if c.kind == kind}


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
    nothing = {}
    merged = []
    for line in lines:
        get = executed_by_key.get(line_key(line), nothing).get
        merged.append(
            {
                **line,
                "q1": get("q1") or 0,
                "q2": get("q2") or 0,
                "q3": get("q3") or 0,
                "q4": get("q4") or 0,
            }
        )
    return merged


def of(lines, direction):
    return [line for line in lines if line["direction"] == direction]


def year_at_a_glance(lines):
    """Totals, and groups by source, programme and sector, in one pass over the lines: each
    line's amounts are worked out once for the five figures it counts in (a 5,000-line budget
    is summed on the first reader's request after each publication)."""
    revenue, spending = Group(code="", name=_("Revenue")), Group(code="", name=_("Expenditure"))
    groups = {"source": {}, "programme": {}, "sector": {}}
    for line in lines:
        direction = line["direction"]
        if direction == Direction.REVENUE:
            into = ((revenue, None), (groups["source"], "source"))
        elif direction == Direction.EXPENDITURE:
            into = (
                (spending, None),
                (groups["programme"], "programme"),
                (groups["sector"], "sector"),
            )
        else:
            continue
        planned, revised = line["planned"], line.get("revised")
        amounts = (
            planned,
            planned if revised is None else revised,
            (line.get("q1") or 0)
            + (line.get("q2") or 0)
            + (line.get("q3") or 0)
            + (line.get("q4") or 0),
        )
        for target, field in into:
            if field is not None:
                code = line.get(field) or ""
                target = target.get(code) or target.setdefault(code, Group(code=code, name=""))
            target.planned += amounts[0]
            target.current += amounts[1]
            target.executed += amounts[2]
    return {
        "revenue": revenue,
        "expenditure": spending,
        "by_source": _named(groups["source"], Code.Kind.SOURCE),
        "by_programme": _named(groups["programme"], Code.Kind.PROGRAMME),
        "by_sector": _named(groups["sector"], Code.Kind.SECTOR),
    }


def _named(groups, kind):
    """``groups`` (by code) named from the code list, sorted by code, as group() gives them."""
    names = _names(kind)
    for code, found in groups.items():
        found.name = names.get(code, code or _("Not classified"))
    return sorted(groups.values(), key=lambda g: g.code)


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
                "label_y": top + 16,
                "current_y": top + 22,
                "current_label_y": top + 52,
                "executed_y": top + 58,
                "executed_label_y": top + 88,
                "current_width": round(g.current * BAR_SPACE / largest, 1),
                "executed_width": round(g.executed * BAR_SPACE / largest, 1),
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "rows": rows,
        "height": max(len(groups), 1) * ROW_HEIGHT,
        "bar_space": BAR_SPACE,
    }

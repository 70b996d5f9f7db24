"""How the scorecard is shown and exported: column groups, short headings, sorting, dates in
the reader's language, the CSV's plain cells and the per-province "on time" chart.

The figures come from ``scorecard.scorecard_rows`` (its row keys are the contract: how the
snapshot stores them may change there without touching this module). Everything here reads
those rows and nothing else.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .scorecard import SCORECARD_COLUMNS

# Dated figures that say a district published something. "Last update" on the old scorecard
# read only ``content_updated_at``, the newest edit of the district's *pages* (About, History):
# publishing news, a budget or a project never moved it, so a province saw a district that
# published all morning as idle. The scorecard's "Last update" is the newest of all of them.
PUBLICATION_DATES = (
    "content_updated_at",
    "news_latest_at",
    "budget_published_at",
    "forum_last_held_on",
)
LAST_UPDATE = "last_update"


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # short, under its group's heading
    label: str  # whole, for the CSV and for screen readers
    kind: str = "number"  # "number", "date", "datetime" or "text"


def _full(key):
    return dict(SCORECARD_COLUMNS)[key]


GROUPS = [
    (
        _("District"),
        [
            Column("name", _("District"), _full("name"), "text"),
            Column("province", _("Province"), _full("province"), "text"),
            Column("status", _("Status"), _full("status"), "text"),
            Column(LAST_UPDATE, _("Last update"), _("Last update of any content"), "date"),
        ],
    ),
    (
        _("Pages"),
        [
            Column("pages_published", _("Published"), _full("pages_published")),
            Column("content_updated_at", _("Edited"), _("Pages last edited"), "date"),
        ],
    ),
    (
        _("Feedback"),
        [
            Column("feedback_waiting", _("Waiting"), _full("feedback_waiting")),
            Column(
                "feedback_oldest_waiting_since",
                _("Oldest since"),
                _full("feedback_oldest_waiting_since"),
                "date",
            ),
            Column(
                "feedback_median_answer_hours",
                _("Median hours"),
                _full("feedback_median_answer_hours"),
            ),
        ],
    ),
    (
        _("Budget"),
        [
            Column("budget_year", _("Year"), _full("budget_year")),
            Column("budget_published_at", _("Published on"), _full("budget_published_at"), "date"),
        ],
    ),
    (
        _("News"),
        [
            Column("news_published", _("Posts"), _full("news_published")),
            Column("news_latest_at", _("Latest"), _full("news_latest_at"), "date"),
        ],
    ),
    (
        _("Projects"),
        [
            Column("projects_published", _("Published"), _full("projects_published")),
            Column("projects_stale", _("Idle 120 days"), _full("projects_stale")),
        ],
    ),
    (
        _("Documents"),
        [Column("documents_published", _("Published"), _full("documents_published"))],
    ),
    (
        _("Forums"),
        [
            Column("forum_last_held_on", _("Last held"), _full("forum_last_held_on"), "date"),
            Column("forum_next_on", _("Next"), _full("forum_next_on"), "date"),
        ],
    ),
    (
        _("Backups"),
        [
            Column("last_backup", _("Last complete"), _full("last_backup"), "datetime"),
            Column("backup_failed_at", _("Failed since"), _full("backup_failed_at"), "datetime"),
        ],
    ),
]
COLUMNS = [column for _group, columns in GROUPS for column in columns]
SORTABLE = {column.key for column in COLUMNS} | {"code", "domain"}
# The CSV keeps the code and domain as columns of their own (the page shows them beside the
# name): a spreadsheet filters and joins on them.
CSV_COLUMNS = [
    Column("code", _full("code"), _full("code"), "text"),
    COLUMNS[0],
    Column("domain", _full("domain"), _full("domain"), "text"),
    *COLUMNS[1:],
]


# --- what "on time" means, for the chart and the highlighted cells ---------------------------


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    columns: tuple  # the cells shown as late when the district misses it
    check: object  # row, today -> bool


def _days_since(value, today):
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return (today - value).days


def _within(key, days):
    def check(row, today):
        age = _days_since(row.get(key), today)
        return age is not None and age <= days

    return check


ON_TIME_RULES = [
    Rule(
        "budget",
        _("This year's budget published"),
        ("budget_year", "budget_published_at"),
        lambda row, today: (row.get("budget_year") or 0) >= today.year,
    ),
    Rule("news", _("News in the last 30 days"), ("news_latest_at",), _within("news_latest_at", 30)),
    Rule(
        "feedback",
        _("No feedback waiting over 14 days"),
        ("feedback_oldest_waiting_since",),
        lambda row, today: (
            (_days_since(row.get("feedback_oldest_waiting_since"), today) or 0) <= 14
        ),
    ),
    Rule(
        "projects",
        _("Every project updated within 120 days"),
        ("projects_stale",),
        lambda row, today: not row.get("projects_stale"),
    ),
    Rule(
        "forums",
        _("A forum held in the last 6 months"),
        ("forum_last_held_on",),
        _within("forum_last_held_on", 183),
    ),
    Rule(
        "backups",
        _("Backed up in the last day"),
        ("last_backup", "backup_failed_at"),
        lambda row, today: _within("last_backup", 1)(row, today) and not row["backup_failed_at"],
    ),
]


# --- rows, sorted and formatted ---------------------------------------------------------------


def _last_update(row):
    dated = []
    for key in PUBLICATION_DATES:
        value = row.get(key)
        if isinstance(value, datetime):
            dated.append(timezone.localdate(value))
        elif isinstance(value, date):
            dated.append(value)
    # A forum set for next month is not an update; nothing later than today counts.
    today = timezone.localdate()
    dated = [day for day in dated if day <= today]
    return max(dated) if dated else None


def with_last_update(rows):
    for row in rows:
        row[LAST_UPDATE] = _last_update(row)
    return rows


def parse_sort(sort):
    """(key, descending) of a ``?sort=`` value; the code, ascending, for anything unknown."""
    sort = sort or "code"
    key = sort.lstrip("-")
    if key not in SORTABLE:
        return "code", False
    return key, sort.startswith("-")


def sorted_rows(rows, key, descending):
    # Missing figures sort last whichever way: a district that never published is news.
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]
    return sorted(present, key=lambda r: _sort_value(r[key]), reverse=descending) + missing


def _sort_value(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return value


def display(value, kind):
    """A cell as the page shows it: dates in the active language (Khmer month names), hours
    rounded, nothing as a dash."""
    if value is None or value == "":
        return "—"
    # Day, month name, year in either language ("5 មិនា 2026", "5 Mar 2026"): never the
    # English default's 03/05/2026, which a reader of either language may read as 3 May.
    if kind == "datetime" and isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j M Y, G:i")
    if kind in ("date", "datetime"):
        if isinstance(value, datetime):
            value = timezone.localdate(value)
        return date_format(value, "j M Y")
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return value


def csv_value(value, kind):
    """A cell as the CSV holds it: a plain local date (2026-03-05), or with the minute for the
    backups' times; no time zone, no microseconds; empty when missing."""
    if value is None:
        return ""
    if kind == "datetime" and isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime):
        return timezone.localdate(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 1)
    return value


def table(rows, key, descending):
    """What the template walks: per row, its cells with their text and whether they are late."""
    today = timezone.localdate()
    out = []
    for row in rows:
        late = set()
        for rule in ON_TIME_RULES:
            if not rule.check(row, today):
                late.update(rule.columns)
        out.append(
            {
                "row": row,
                "cells": [
                    {
                        "column": column,
                        "text": _cell_text(row, column),
                        "late": column.key in late,
                    }
                    for column in COLUMNS[1:]
                ],
            }
        )
    return out


def _cell_text(row, column):
    text = display(row.get(column.key), column.kind)
    if column.key == "backup_failed_at" and row.get(column.key) is not None:
        return f"{_('Failed')} {text}"
    return text


def headings(key, descending):
    """The two header rows: groups, then each column with its sort link and ``aria-sort``."""
    groups = [{"label": label, "span": len(columns)} for label, columns in GROUPS]
    columns = []
    for column in COLUMNS:
        sorted_here = column.key == key or (column.key == "name" and key == "code")
        if sorted_here:
            aria = "descending" if descending else "ascending"
            link = f"-{column.key}" if not descending else column.key
        else:
            aria = None
            link = column.key
        columns.append({"column": column, "aria_sort": aria, "sort": link})
    return groups, columns


# --- the chart --------------------------------------------------------------------------------

BAR_WIDTH = 160
ROW_HEIGHT = 28
LABEL_WIDTH = 270


def on_time_by_province(rows):
    """[{province, total, items: [{label, count, width, y}]}], one per province, in the order
    the provinces first appear."""
    today = timezone.localdate()
    provinces = {}
    for row in rows:
        provinces.setdefault(row["province"], []).append(row)
    charts = []
    for province, members in sorted(provinces.items(), key=lambda item: str(item[0])):
        total = len(members)
        items = []
        for index, rule in enumerate(ON_TIME_RULES):
            count = sum(1 for row in members if rule.check(row, today))
            items.append(
                {
                    "label": rule.label,
                    "count": count,
                    "width": round(BAR_WIDTH * count / total) if total else 0,
                    "y": index * ROW_HEIGHT,
                    "text_y": index * ROW_HEIGHT + 18,
                }
            )
        charts.append(
            {
                "province": province,
                "total": total,
                "items": items,
                "height": len(items) * ROW_HEIGHT,
                "label_width": LABEL_WIDTH,
                "bar_width": BAR_WIDTH,
                "width": LABEL_WIDTH + BAR_WIDTH + 70,
                "count_x": LABEL_WIDTH + BAR_WIDTH + 8,
            }
        )
    return charts

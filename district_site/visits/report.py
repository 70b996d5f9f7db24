"""What the console's "How the site is read" shows: visits per page for the last weeks, and the
searches that found nothing, from the district's own tables."""

from django.db.models import Sum
from django.utils import timezone

from .counting import week_of
from .models import FruitlessSearch, PageVisits

WEEKS = 8
ROWS = 50


def weeks(count=WEEKS):
    """The Mondays of the last ``count`` weeks, this week's first."""
    this = week_of()
    return [this - timezone.timedelta(weeks=number) for number in range(count)]


def pages(mondays):
    """[{path, total, counts: [per week, as ``mondays``]}], the most read first."""
    rows = PageVisits.objects.filter(week__gte=mondays[-1]).values_list("path", "week", "count")
    by_path = {}
    for path, week, count in rows:
        by_path.setdefault(path, {})[week] = count
    table = [
        {
            "path": path,
            "counts": [counts.get(monday, 0) for monday in mondays],
            "total": sum(counts.values()),
        }
        for path, counts in by_path.items()
    ]
    table.sort(key=lambda row: (-row["total"], row["path"]))
    return table[:ROWS]


def weekly_totals(mondays):
    totals = dict(
        PageVisits.objects.filter(week__gte=mondays[-1])
        .values_list("week")
        .annotate(total=Sum("count"))
        .values_list("week", "total")
    )
    return [totals.get(monday, 0) for monday in mondays]


def fruitless_searches(mondays):
    """[{query, total}] of the searches that found nothing in those weeks, the most asked first."""
    return list(
        FruitlessSearch.objects.filter(week__gte=mondays[-1])
        .values("query")
        .annotate(total=Sum("count"))
        .order_by("-total", "query")[:ROWS]
    )

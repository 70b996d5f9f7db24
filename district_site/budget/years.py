"""Which published year citizens read first. A district publishes next year's plan in
December, while this year is still being spent: the year in progress stays first (its
execution is what citizens follow), and the coming year's plan is shown beside it."""

from django.utils import timezone


def year_in_progress(years, today=None):
    """Of the published ``years``: this calendar year; else the latest before it (this year's
    is not published yet); else, when only later years are, the earliest of them. None
    without any."""
    if not years:
        return None
    this_year = (today or timezone.localdate()).year
    earlier = [year for year in years if year <= this_year]
    return max(earlier) if earlier else min(years)


def coming_year(years, today=None):
    """A published year after the year in progress (the nearest), or None."""
    current = year_in_progress(years, today)
    later = [year for year in years if current is not None and year > current]
    return min(later) if later else None


def next_new_year(now=None):
    """When the year in progress next changes: 1 January at midnight, local time."""
    now = timezone.localtime(now)
    return now.replace(year=now.year + 1, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)

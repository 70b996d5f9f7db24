"""Last week's visits on the console's home (district_site.core.contributions), with the way
to the whole report."""

from . import report

ORDER = 90


def section(request):
    mondays = report.weeks(2)
    this_week, last_week = report.weekly_totals(mondays)
    return {"this_week": this_week, "last_week": last_week}

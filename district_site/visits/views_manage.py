"""The console's "How the site is read": every officer may read it."""

from django.shortcuts import render

from district_site.manage.roles import officer_required

from . import report


@officer_required()
def overview(request):
    mondays = report.weeks()
    return render(
        request,
        "visits/manage/overview.html",
        {
            "weeks": mondays,
            "totals": report.weekly_totals(mondays),
            "pages": report.pages(mondays),
            "searches": report.fruitless_searches(mondays),
        },
    )

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from district_site.manage.worklist import LATER, SOON, URGENT, Todo

from .models import Budget, ExecutionVersion

# Districts prepare next year's budget in the second half of the year; from October the
# console starts asking for it.
NEXT_YEAR_FROM_MONTH = 10


def items(request):
    today = timezone.localdate()
    years = [today.year]
    if today.month >= NEXT_YEAR_FROM_MONTH:
        years.append(today.year + 1)
    published = set(
        Budget.objects.filter(year__in=years, versions__isnull=False).values_list("year", flat=True)
    )
    for year in years:
        if year in published:
            continue
        draft = Budget.objects.filter(year=year).exists()
        url = (
            reverse("budget_manage:draft", args=[year]) if draft else reverse("budget_manage:list")
        )
        priority = URGENT if year == today.year else LATER
        yield Todo(_("Budget %(year)d not published") % {"year": year}, url, priority)

    yield from _execution_due(today)


def _execution_due(today):
    """The execution report of the quarter that ended last, once that year's budget is public:
    citizens read % executed from it."""
    quarter = (today.month - 1) // 3  # the last quarter that has ended
    year = today.year
    if quarter == 0:
        year, quarter = year - 1, 4
    budget = Budget.objects.filter(year=year, versions__isnull=False).first()
    if budget is None:
        return
    reported = ExecutionVersion.objects.filter(budget=budget).order_by("-quarter").first()
    if reported is None or reported.quarter < quarter:
        yield Todo(
            _("Execution report for quarter %(quarter)d of %(year)d not published")
            % {"quarter": quarter, "year": year},
            reverse("budget_manage:draft", args=[year]),
            SOON,
        )

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from district_site.manage.worklist import LATER, URGENT, Todo

from .models import Budget

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

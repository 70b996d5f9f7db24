"""The home page's "budget at a glance": the year in progress (years.year_in_progress) with its
totals and how much has been executed, in a few lines (the home page stays light), and the
coming year's plan beside it once published, with links to the budget."""

from django.utils import timezone

from .figures import with_execution, year_at_a_glance
from .models import Budget
from .years import coming_year, year_in_progress

# After the page's own text, before feedback and search.
ORDER = 30


def section(request):
    budgets = {
        budget.year: budget for budget in Budget.objects.filter(versions__isnull=False).distinct()
    }
    current = year_in_progress(list(budgets))
    if current is None:
        return None
    # A year not begun has nothing spent yet: "spent 0 riel (0 %)" would read as a failure.
    begun = current <= timezone.localdate().year
    context = {"year": current, "begun": begun, **_glance(budgets[current])}
    coming = coming_year(list(budgets))
    if coming is not None:
        context["coming"] = {"year": coming, **_glance(budgets[coming])}
    return context


def _glance(budget):
    lines = with_execution(budget.latest_version.lines, budget.latest_execution)
    glance = year_at_a_glance(lines)
    return {"revenue": glance["revenue"], "expenditure": glance["expenditure"]}

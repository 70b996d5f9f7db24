"""The home page's "budget at a glance": the latest published year's totals and how much has
been executed, in a few lines (the home page stays light), with a link to the budget."""

from .figures import with_execution, year_at_a_glance
from .models import Budget

# After the page's own text, before feedback and search.
ORDER = 30


def section(request):
    budget = Budget.objects.filter(versions__isnull=False).order_by("-year").first()
    if budget is None:
        return None
    lines = with_execution(budget.latest_version.lines, budget.latest_execution)
    glance = year_at_a_glance(lines)
    return {"year": budget.year, "revenue": glance["revenue"], "expenditure": glance["expenditure"]}

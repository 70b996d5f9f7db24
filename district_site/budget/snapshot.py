from datetime import datetime

from .models import BudgetVersion

# The figures figures() returns, and their kinds (district_site/core/contributions.py).
FIGURES = {"budget_year": int, "budget_published_at": datetime}


def figures():
    latest = (
        BudgetVersion.objects.select_related("budget").order_by("-budget__year", "-number").first()
    )
    return {
        "budget_year": latest.budget.year if latest else None,
        "budget_published_at": latest.published_at if latest else None,
    }

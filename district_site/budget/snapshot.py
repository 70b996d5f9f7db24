from .models import BudgetVersion


def figures():
    latest = (
        BudgetVersion.objects.select_related("budget").order_by("-budget__year", "-number").first()
    )
    return {
        "budget_year": latest.budget.year if latest else None,
        "budget_published_at": latest.published_at if latest else None,
    }

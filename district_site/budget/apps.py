from django.apps import AppConfig


class BudgetConfig(AppConfig):
    """The district's budget per fiscal year: lines filled in an Excel template, published as
    frozen, hash-chained versions that citizens read with charts and a history of changes."""

    name = "district_site.budget"
    label = "budget"

    def ready(self):
        from tenants.signals import district_created

        from . import actions

        district_created.connect(actions.load_classifications, dispatch_uid="budget-codes")

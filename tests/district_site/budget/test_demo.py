"""The demo districts get a synthetic two-year budget through the real template, import and
publication, and seeding again changes nothing."""

from django_tenants.utils import tenant_context

from district_site.budget.demo import seed as seed_demo_budget
from district_site.budget.models import Budget, BudgetVersion, ExecutionVersion


def test_the_demo_budget_is_published_in_three_versions_over_two_years(make_district, host_client):
    district = make_district()

    seed_demo_budget(district)
    seed_demo_budget(district)

    with tenant_context(district):
        versions = {b.year: b.versions.count() for b in Budget.objects.all()}
        reports = {b.year: b.latest_execution.quarter for b in Budget.objects.all()}
        assert all(BudgetVersion.check_chain(b).ok for b in Budget.objects.all())
        assert all(ExecutionVersion.check_chain(b).ok for b in Budget.objects.all())
    assert versions == {2025: 2, 2026: 1}
    assert reports == {2025: 4, 2026: 3}
    page = host_client(district.primary_domain).get("/en/budget/2025/").content.decode()
    assert "Version 2, published" in page
    assert "Rural roads" in page or "Local development" in page
    current = host_client(district.primary_domain).get("/en/budget/2026/").content.decode()
    assert "Executed amounts up to the end of quarter 3" in current

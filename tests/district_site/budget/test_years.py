"""Next year's plan, published in December, never hides the year in progress: the home page
and /budget/ show the year being spent first, and the coming year's plan beside it."""

from datetime import date

from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.budget import actions
from district_site.budget.years import coming_year, next_new_year, year_in_progress

from .conftest import upload, workbook_bytes


def test_the_year_in_progress_is_this_calendar_years_budget_even_once_next_year_is_published():
    second_of_december = date(2026, 12, 2)

    assert year_in_progress([2025, 2026, 2027], second_of_december) == 2026
    assert coming_year([2025, 2026, 2027], second_of_december) == 2027
    assert year_in_progress([2025, 2026, 2027], date(2027, 1, 1)) == 2027
    assert coming_year([2025, 2026, 2027], date(2027, 1, 1)) is None


def test_without_this_years_budget_the_latest_before_it_stays_first():
    assert year_in_progress([2024, 2025], date(2026, 3, 1)) == 2025
    assert year_in_progress([2025, 2027], date(2026, 3, 1)) == 2025
    assert coming_year([2025, 2027], date(2026, 3, 1)) == 2027
    # Only a later year published (a new district's first plan): that is what there is.
    assert year_in_progress([2027], date(2026, 12, 2)) == 2027
    assert coming_year([2027], date(2026, 12, 2)) is None
    assert year_in_progress([]) is None


def test_cached_pages_expire_when_the_year_in_progress_changes():
    at = next_new_year(timezone.make_aware(timezone.datetime(2026, 12, 31, 23, 0)))

    assert (at.year, at.month, at.day, at.hour) == (2027, 1, 1, 0)


def _publish(district, year):
    with tenant_context(district):
        budget = actions.open_budget(year, actor="t")
        actions.import_budget(budget, upload(workbook_bytes(district, year)), actor="t")
        actions.publish_budget(budget, actor="t")


def test_publishing_next_years_plan_keeps_this_years_spending_first_with_the_plan_beside_it(
    make_district, host_client
):
    this_year = timezone.localdate().year
    district = make_district()
    client = host_client(district.primary_domain)
    _publish(district, this_year)
    home_before = client.get("/en/").content.decode()

    _publish(district, this_year + 1)

    home = client.get("/en/").content.decode()
    budget = client.get("/en/budget/").content.decode()
    plan = client.get(f"/en/budget/{this_year + 1}/").content.decode()
    assert 'id="budget-coming"' not in home_before
    for page in (home_before, home):
        assert f"Budget {this_year} at a glance" in page
        assert "Spent so far: 310,000,000 riel (44%)" in page
    assert f"The {this_year + 1} plan" in home
    assert f'href="/en/budget/{this_year + 1}/"' in home
    assert f"<h1>Budget {this_year}</h1>" in budget
    assert 'id="budget-coming"' in budget and f'href="/en/budget/{this_year + 1}/"' in budget
    assert "1,345,000,000 riel of revenue" in budget
    assert 'id="plan-note"' in plan and f'href="/en/budget/{this_year}/"' in plan
    assert 'id="budget-coming"' not in plan
    assert len(home.encode()) < 60 * 1024


def test_both_years_are_shown_in_khmer_too(make_district, host_client):
    this_year = timezone.localdate().year
    district = make_district()
    _publish(district, this_year)
    _publish(district, this_year + 1)
    client = host_client(district.primary_domain)

    home = client.get("/").content.decode()
    budget = client.get("/budget/").content.decode()

    assert f'href="/budget/{this_year + 1}/"' in home and f'href="/budget/{this_year}/"' in home
    assert 'id="budget-coming"' in budget
    assert "The %(year)s plan" not in home  # translated, not the msgid


def test_a_first_plan_for_a_year_not_begun_shows_no_spending_yet(make_district, host_client):
    next_year = timezone.localdate().year + 1
    district = make_district()
    _publish(district, next_year)

    home = host_client(district.primary_domain).get("/en/").content.decode()

    assert f"Budget {next_year} at a glance" in home
    assert "Spent so far" not in home

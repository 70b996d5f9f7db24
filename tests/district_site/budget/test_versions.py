"""Budget versions and execution reports are the content kit's frozen versions
(district_site/content/versions.py): one numbering, one hash, one chain check for both kinds,
and every version published before the kit still checks out after it."""

from django_tenants.utils import schema_context, tenant_context

from district_site.budget.demo import seed as seed_demo_budget
from district_site.budget.models import Budget, BudgetVersion, ExecutionVersion
from tenants.models import PublishedHash

LINES = [
    {
        "direction": "revenue",
        "economic": "71",
        "name_km": "កម្រៃសេវា",
        "planned": 95_000_000,
        "revised": None,
        "q1": 20_000_000,
    },
    {
        "direction": "expenditure",
        "economic": "60",
        "name_km": "ប្រេងឥន្ធនៈ",
        "name_en": "Fuel",
        "planned": 60_000_000,
    },
]


def test_the_hashes_are_those_the_budget_made_before_the_kit():
    """Worked out with the budget's own hash functions before they moved into the kit: a
    changed formula would make every stored chain fail its check."""
    budget = Budget(year=2025)

    version = BudgetVersion(budget=budget, number=2, previous_sha256="ab" * 32, lines=LINES)
    report = ExecutionVersion(
        budget=budget, number=3, quarter=2, previous_sha256="cd" * 32, lines=LINES
    )

    assert version.compute_sha256() == (
        "9f26e3e29133b23aeb767445760133cecb82ab4cf81f5d7f98aee10bce9bde6f"
    )
    assert report.compute_sha256() == (
        "0f99d4bee0691b3ee0e55af7a44644ff1147dda2eae4090695120df338526503"
    )


def test_a_report_cannot_pass_for_a_budget_version_with_the_same_lines():
    budget = Budget(year=2025)
    version = BudgetVersion(budget=budget, number=1, lines=LINES)
    report = ExecutionVersion(budget=budget, number=1, quarter=4, lines=LINES)

    assert version.compute_sha256() != report.compute_sha256()


def test_every_demo_version_and_its_lines_check_out_and_match_the_public_record(make_district):
    """The demo's two years: each stored version, budget or report, recomputes to its stored
    hash, chains to the one before, and is the one the public schema recorded."""
    district = make_district()
    seed_demo_budget(district)

    with tenant_context(district):
        stored = {
            (model.hash_kind, v.budget.year, v.number): (v.sha256, v.previous_sha256, len(v.lines))
            for model in (BudgetVersion, ExecutionVersion)
            for v in model.objects.select_related("budget")
        }
        reports = [
            model.check_chain(budget)
            for budget in Budget.objects.all()
            for model in (BudgetVersion, ExecutionVersion)
        ]
    with schema_context("public"):
        recorded = {
            (row.kind, row.year, row.version): (row.sha256, row.previous)
            for row in PublishedHash.objects.filter(district=district)
        }

    assert all(report.ok for report in reports)
    assert sum(len(report.versions) for report in reports) == len(stored) == 5
    assert {key: value[:2] for key, value in stored.items()} == recorded
    assert all(count > 0 for _sha, _previous, count in stored.values())


def test_one_districts_chain_is_checked_against_its_own_public_record(make_district):
    """Two demo districts, each with its 2026 version 1 recorded: deleting A's is missed in A's
    check, and B's check, reading B's record only, still checks out."""
    district_a, district_b = make_district(), make_district()
    seed_demo_budget(district_a)
    seed_demo_budget(district_b)

    with tenant_context(district_a):
        budget = Budget.objects.get(year=2026)
        BudgetVersion.objects.filter(budget=budget).delete()
        report_a = BudgetVersion.check_chain(budget)
    with tenant_context(district_b):
        report_b = BudgetVersion.check_chain(Budget.objects.get(year=2026))

    assert report_a.missing == [1] and not report_a.ok
    assert report_b.ok and len(report_b.versions) == 1

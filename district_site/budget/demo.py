"""A SYNTHETIC two-year budget for the demo districts (docs/architecture.md:
every line is invented, sized from published national orders of magnitude). It goes through
the same template, import and publication as an officer's file."""

from django.core.files.base import ContentFile
from django_tenants.utils import tenant_context

from . import actions
from .importer import build_template
from .models import Budget

BY = "demo"
# The columns of the rows below, as the budget template names them.
NAMES = ("name_km", "name_en", "planned")
REVENUE_FIELDS = ("source", "economic", *NAMES)
EXPENDITURE_FIELDS = ("subprogramme", "economic", "sector", "source", *NAMES)
# (source, economic chapter, Khmer, English, planned million riel)
REVENUE = [
    ("dm_admin", "74", "មូលនិធិស្រុក ផ្នែករដ្ឋបាល", "District fund, administration", 1250),
    ("dm_dev", "74", "មូលនិធិស្រុក ផ្នែកអភិវឌ្ឍន៍", "District fund, development", 480),
    ("conditional", "74", "ការផ្ទេរមានលក្ខខណ្ឌ", "Conditional transfer", 450),
    ("own", "71", "កម្រៃសេវាច្រកចេញចូលតែមួយ", "One Window Service fees", 95),
    ("carry_over", "79", "សមតុល្យយោងពីឆ្នាំមុន", "Carry-over from last year", 64),
]
# {sub-programme: [(chapter, sector, source, Khmer, English, planned million riel)]}
EXPENDITURE = {
    "1.1": [
        ("64", "01", "dm_admin", "ប្រាក់បំណាច់ក្រុមប្រឹក្សា", "Council allowances", 420),
    ],
    "1.2": [
        ("64", "01", "dm_admin", "បៀវត្សមន្ត្រី", "Staff pay", 560),
        ("60", "01", "dm_admin", "សម្ភារៈការិយាល័យ", "Office supplies", 45),
        ("60", "01", "dm_admin", "ប្រេងឥន្ធនៈ", "Fuel", 60),
        ("60", "01", "dm_admin", "ទឹក ភ្លើង", "Water, electricity", 36),
        ("61", "01", "dm_admin", "ជួសជុលអគារ យានយន្ត", "Building, vehicle repair", 55),
        ("62", "01", "own", "បេសកកម្ម", "Missions", 70),
        ("62", "01", "own", "វេទិកាសាធារណៈ", "Public forums", 40),
        ("21", "01", "carry_over", "កុំព្យូទ័រ", "Computers", 48),
    ],
    "2.1": [
        ("65", "10", "dm_dev", "ជំនួយគ្រួសារក្រីក្រ", "Aid to poor households", 90),
    ],
    "2.2": [
        ("64", "09", "conditional", "គ្រូមត្តេយ្យ", "Pre-school teachers", 300),
        ("60", "09", "conditional", "សម្ភារៈសិក្សា", "Learning materials", 80),
    ],
    "2.3": [
        ("61", "05", "conditional", "ប្រមូលសំរាម", "Waste collection", 60),
    ],
    "3.1": [
        (
            "21",
            "04",
            "dm_dev",
            "ផ្លូវក្រួសក្រហម ១.២ គ.ម ឃុំសំរោង",
            "Laterite road 1.2 km, Samraong",
            210,
        ),
        ("21", "04", "dm_dev", "លូ ២ កន្លែង ឃុំកូប", "Two culverts, Koub", 70),
        ("61", "04", "dm_dev", "ថែទាំផ្លូវ", "Road maintenance", 50),
    ],
    "3.2": [
        ("21", "06", "dm_dev", "អណ្តូងស្នប់ ១០", "Ten pump wells, Changha", 60),
    ],
    "3.3": [
        ("21", "09", "dm_dev", "ជួសជុលដំបូលសាលា ឃុំសូភី", "School roof repair, Souphi", 85),
    ],
}
# Each demo district gets the same invented budget at its own size, so the three differ.
SCALE = {"0105": 100, "0102": 85, "0201": 120}
RATES = [100, 95, 90, 100, 80, 97, 60, 100, 92, 75]


def _round(amount):
    return amount // 1_000_000 * 1_000_000


def demo_lines(code, year, *, executed):
    """The demo's lines for ``year``: planned; when ``executed``, revised and executed too."""
    scale = SCALE.get(code, 100) * (100 if year <= 2025 else 106)
    lines = []
    expenditure = [(sub, *row) for sub, rows in EXPENDITURE.items() for row in rows]
    for direction, fields, rows in (
        ("revenue", REVENUE_FIELDS, REVENUE),
        ("expenditure", EXPENDITURE_FIELDS, expenditure),
    ):
        for row in rows:
            line = {"direction": direction, **dict(zip(fields, row, strict=True))}
            line["planned"] = _round(line["planned"] * 1_000_000 * scale // 10_000)
            lines.append(line)
    if executed:
        for index, line in enumerate(lines):
            rate = RATES[index % len(RATES)]
            if index % 7 == 3:
                line["revised"] = _round(line["planned"] * 110 // 100)
            total = _round((line.get("revised") or line["planned"]) * rate // 100)
            quarter = _round(total // 4)
            line.update(q1=quarter, q2=quarter, q3=quarter, q4=total - 3 * quarter)
    return lines


def _import_and_publish(district, budget, lines):
    data = build_template(year=budget.year, district_code=district.code, lines=lines)
    actions.import_budget(budget, ContentFile(data, name=f"budget-{budget.year}.xlsx"), actor=BY)
    return actions.publish_budget(budget, actor=BY)


def _import_execution_and_publish(district, budget, lines, quarter):
    """The quarterly execution report, through the same template and import as an officer's:
    the year's lines with the quarters up to ``quarter`` filled in."""
    later = ("q1", "q2", "q3", "q4")[quarter:]
    lines = [{**line, **dict.fromkeys(later, 0)} for line in lines]
    data = build_template(year=budget.year, district_code=district.code, lines=lines)
    upload = ContentFile(data, name=f"execution-{budget.year}.xlsx")
    actions.import_execution(budget, upload, actor=BY)
    return actions.publish_execution(budget, quarter, actor=BY)


def seed(district):
    """Give a demo district its 2025 budget (planned, then corrected with execution: two
    versions, and the year's execution report) and its 2026 plan with execution reported up to
    the third quarter. Years already published are left alone."""
    with tenant_context(district):
        actions.load_classifications()
        if not Budget.objects.filter(year=2025, versions__isnull=False).exists():
            budget = actions.open_budget(2025, actor=BY)
            _import_and_publish(district, budget, demo_lines(district.code, 2025, executed=False))
            lines = demo_lines(district.code, 2025, executed=True)
            _import_and_publish(district, budget, lines)
            _import_execution_and_publish(district, budget, lines, 4)
        if not Budget.objects.filter(year=2026, versions__isnull=False).exists():
            budget = actions.open_budget(2026, actor=BY)
            _import_and_publish(district, budget, demo_lines(district.code, 2026, executed=False))
            executed = demo_lines(district.code, 2026, executed=True)
            planned = {
                line["name_km"]: line for line in demo_lines(district.code, 2026, executed=False)
            }
            # The plan stands (no revision yet): only the quarters come from the execution.
            lines = [
                {**planned[line["name_km"]], **{q: line[q] for q in ("q1", "q2", "q3")}}
                for line in executed
            ]
            _import_execution_and_publish(district, budget, lines, 3)

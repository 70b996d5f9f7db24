"""A dozen SYNTHETIC development projects for each demo district (invented, sized like
district projects), in that district's own communes, with dated progress. Four name the demo
budget's lines (district_site.budget.demo) that pay for them. Saved through the same revisions
and actions as an officer's work. Demo photos are not made: they would be invented too."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.content.demo import create_published
from tenants.gazetteer import communes_of
from tenants.gazetteer.models import AdministrativeUnit

from . import actions, budget_lines
from .models import Project

BY = "demo"
# (code, commune index, Khmer, English, sector, source, contractor, amount, budget line's
#  Khmer name, start (days before today), planned days, status, [(days after start, %, note
#  km, note en)], offset of the point from the commune centre in thousandths of a degree)
PROJECTS = [
    (
        "RD-01",
        3,
        "ផ្លូវក្រួសក្រហម ១.២ គ.ម ឃុំ{c}",
        "Laterite road 1.2 km, {e}",
        "04",
        "dm_dev",
        "ក្រុមហ៊ុន សុខ សំណង់",
        205_000_000,
        "ផ្លូវក្រួសក្រហម ១.២ គ.ម ឃុំសំរោង",
        330,
        150,
        "completed",
        [(30, 25, "", ""), (75, 60, "", ""), (140, 100, "ប្រគល់ជូនឃុំ", "Handed over")],
        (4, -6),
    ),
    (
        "CV-02",
        1,
        "លូ ២ កន្លែង ឃុំ{c}",
        "Two culverts, {e}",
        "04",
        "dm_dev",
        "សហគ្រាស ពៅ ពេជ្រ",
        68_000_000,
        "លូ ២ កន្លែង ឃុំកូប",
        200,
        90,
        "completed",
        [(20, 40, "", ""), (60, 90, "", ""), (85, 100, "", "")],
        (-3, 5),
    ),
    (
        "WL-03",
        0,
        "អណ្តូងស្នប់ ១០ ឃុំ{c}",
        "Ten pump wells, {e}",
        "06",
        "dm_dev",
        "ក្រុមហ៊ុន ទឹកស្អាត ជ័យ",
        58_000_000,
        "អណ្តូងស្នប់ ១០",
        150,
        120,
        "under_way",
        [(20, 20, "", ""), (60, 50, "", ""), (110, 70, "", "")],
        (6, 2),
    ),
    (
        "SC-04",
        4,
        "ជួសជុលដំបូលសាលាបឋមសិក្សា ឃុំ{c}",
        "Primary school roof repair, {e}",
        "09",
        "dm_dev",
        "ជាងសំណង់ សុវណ្ណ",
        82_000_000,
        "ជួសជុលដំបូលសាលា ឃុំសូភី",
        100,
        75,
        "under_way",
        [(15, 30, "", ""), (60, 80, "", "")],
        (-5, -4),
    ),
    (
        "SC-05",
        2,
        "អគារសិក្សា ៥ បន្ទប់ ឃុំ{c}",
        "Five-classroom school building, {e}",
        "09",
        "ministry",
        "ក្រុមហ៊ុន អង្គរ សំណង់",
        420_000_000,
        "",
        260,
        300,
        "under_way",
        [
            (30, 15, "", ""),
            (100, 45, "", ""),
            (130, 40, "កែតម្រូវបន្ទាប់ពីវាស់វែងឡើងវិញ", "Corrected after remeasurement"),
        ],
        (2, 7),
    ),
    (
        "RD-06",
        5,
        "ផ្លូវបេតុង ៦០០ ម ភូមិកណ្តាល ឃុំ{c}",
        "Concrete road 600 m, {e}",
        "04",
        "snif",
        "ក្រុមហ៊ុន វិរៈ ផ្លូវថ្នល់",
        310_000_000,
        "",
        60,
        180,
        "under_way",
        [(40, 20, "", "")],
        (-7, -2),
    ),
    (
        "WL-07",
        6,
        "អណ្តូងស្នប់ ៤ ដោយការរួមចំណែកពីភូមិ ឃុំ{c}",
        "Four pump wells with villagers' contribution, {e}",
        "06",
        "community",
        "",
        12_000_000,
        "",
        40,
        60,
        "under_way",
        [(10, 50, "ភូមិបានរួមចំណែកកម្លាំងពលកម្ម", "Villagers gave the labour")],
        (3, -8),
    ),
    (
        "HC-08",
        1,
        "ជួសជុលមណ្ឌលសុខភាព ឃុំ{c}",
        "Health centre repair, {e}",
        "07",
        "donor",
        "ក្រុមហ៊ុន មេត្រី",
        150_000_000,
        "",
        -30,
        120,
        "planned",
        [],
        (8, 4),
    ),
    (
        "CN-09",
        3,
        "ស្តារប្រឡាយទឹក ២ គ.ម ឃុំ{c}",
        "Irrigation canal, 2 km cleared, {e}",
        "04",
        "conditional",
        "សហគមន៍កសិករ",
        45_000_000,
        "",
        420,
        60,
        "completed",
        [(20, 50, "", ""), (55, 100, "", "")],
        (-2, -9),
    ),
    (
        "MK-10",
        0,
        "ដំបូលផ្សារ ឃុំ{c}",
        "Market roof, {e}",
        "04",
        "own",
        "ជាង ហេង",
        36_000_000,
        "",
        210,
        90,
        "suspended",
        [(30, 35, "ផ្អាកដោយសារទឹកជំនន់", "Suspended by floods")],
        (-6, 6),
    ),
    (
        "SN-11",
        2,
        "បង្គន់អនាម័យ សាលាបឋមសិក្សា ឃុំ{c}",
        "School latrines, {e}",
        "05",
        "donor",
        "អង្គការ ទឹកស្អាត",
        24_000_000,
        "",
        10,
        45,
        "planned",
        [],
        None,
    ),
    (
        "RD-12",
        4,
        "ថែទាំផ្លូវលំ ៣ គ.ម ឃុំ{c}",
        "Maintenance of 3 km of earth road, {e}",
        "04",
        "dm_dev",
        "ក្រុមហ៊ុន សុខ សំណង់",
        48_000_000,
        "ថែទាំផ្លូវ",
        300,
        60,
        "under_way",
        [(20, 60, "", "")],
        (5, 9),
    ),
]


def _line_key(year, name_km):
    for line in budget_lines.published_lines():
        if line.year == year and budget_lines.decode(line.key)[-1] == name_km:
            return line.key
    return ""


def seed(district):
    """Give a demo district its dozen published projects; codes already there are left alone."""
    today = timezone.localdate()
    with tenant_context(district):
        communes = communes_of(district.code)
        if not communes:
            return
        centres = {
            unit.code: unit
            for unit in AdministrativeUnit.objects.filter(code__in=[c for c, *_ in communes])
        }
        villages = {}
        for unit in AdministrativeUnit.objects.filter(
            parent_id__in=centres, level=AdministrativeUnit.Level.VILLAGE
        ).order_by("code"):
            villages.setdefault(unit.parent_id, []).append(unit.code)
        for number, row in enumerate(PROJECTS):
            (
                code,
                index,
                km,
                en,
                sector,
                source,
                contractor,
                amount,
                line_name,
                start_ago,
                days,
                status,
                updates,
                offset,
            ) = row
            if Project.objects.filter(code=code).exists():
                continue
            commune_code, commune_km, commune_latin = communes[index % len(communes)]
            # Each in one of its commune's villages, as officers record them: citizens search
            # for projects by their village's name.
            in_commune = villages.get(commune_code) or [""]
            start = today - timedelta(days=start_ago)
            centre = centres[commune_code]
            point = {}
            if offset and centre.latitude is not None:
                point = {
                    "latitude": centre.latitude + Decimal(offset[0]) / 1000,
                    "longitude": centre.longitude + Decimal(offset[1]) / 1000,
                }
            line = _line_key(start.year, line_name) if line_name else ""
            project = Project(
                code=code,
                name_km=km.format(c=commune_km),
                name_en=en.format(e=commune_latin),
                sector=sector,
                funding_source=source,
                commune_code=commune_code,
                village_code=in_commune[number % len(in_commune)],
                contractor=contractor,
                contract_amount=amount,
                start_date=start,
                planned_end_date=start + timedelta(days=days),
                actual_end_date=(
                    start + timedelta(days=updates[-1][0]) if status == "completed" else None
                ),
                status=status,
                budget_year=start.year if line else None,
                budget_line_key=line,
                **point,
            )
            create_published(project, actor=BY)
            for after, percent, note_km, note_en in updates:
                actions.add_progress(
                    project,
                    date=start + timedelta(days=after),
                    percent=percent,
                    note_km=note_km,
                    note_en=note_en,
                    actor=BY,
                )

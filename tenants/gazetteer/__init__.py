"""Cambodia's NCDD gazetteer: the shipped snapshot (``data/``, see README.md for its source and
licence) and the imported copy in the database (``models.AdministrativeUnit``).

``provinces()``, ``districts()``, ``communes()`` read the snapshot files; ``district()`` and
``communes_of()`` read what ``import_gazetteer`` stored, which is what onboarding relies on.
"""

from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"
LEVELS = ("provinces", "districts", "communes", "villages")


def read_level(level, data_dir=DATA_DIR):
    """The entries of one level of a gazetteer snapshot, by code."""
    with open(Path(data_dir) / f"{level}.yml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.CSafeLoader)[level]


@cache
def provinces():
    return read_level("provinces")


@cache
def districts():
    return read_level("districts")


@cache
def communes():
    return read_level("communes")


def district(code):
    """The imported district with its province, as a dict, or None for an unknown code."""
    from .models import AdministrativeUnit

    unit = (
        AdministrativeUnit.objects.select_related("parent")
        .filter(code=code, level=AdministrativeUnit.Level.DISTRICT)
        .first()
    )
    if unit is None:
        return None
    return {
        "code": unit.code,
        "name_km": unit.name_km,
        "name_en": unit.name_latin,
        "unit_km": unit.type_km,
        "unit_en": unit.type_en,
        "province_code": unit.parent.code,
        "province_name_km": unit.parent.name_km,
        "province_name_en": unit.parent.name_latin,
    }


def communes_of(district_code):
    """The imported communes of a district as (code, name_km, name_latin), in code order."""
    from .models import AdministrativeUnit

    return list(
        AdministrativeUnit.objects.filter(
            parent_id=district_code, level=AdministrativeUnit.Level.COMMUNE
        ).values_list("code", "name_km", "name_latin")
    )

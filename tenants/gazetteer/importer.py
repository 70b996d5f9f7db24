"""Import a gazetteer snapshot into ``AdministrativeUnit``: add new units, rename changed ones,
leave everything else (and every onboarded district) alone. A second run changes nothing."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import yaml
from django.db import transaction

from . import LEVELS, read_level
from .models import AdministrativeUnit

LEVEL_OF = {
    "provinces": AdministrativeUnit.Level.PROVINCE,
    "districts": AdministrativeUnit.Level.DISTRICT,
    "communes": AdministrativeUnit.Level.COMMUNE,
    "villages": AdministrativeUnit.Level.VILLAGE,
}
PARENT_CODE_LENGTH = {"provinces": None, "districts": 2, "communes": 4, "villages": 6}
COMPARED_FIELDS = ["name_km", "name_latin", "type_km", "type_en", "latitude", "longitude"]


class GazetteerError(Exception):
    """The snapshot cannot be read or does not hold together; nothing was imported."""


@dataclass
class ImportReport:
    added: dict = field(default_factory=dict)
    changed: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)


def _decimal(value):
    try:
        return (
            Decimal(str(value)).quantize(Decimal("0.000001")) if value not in (None, "") else None
        )
    except InvalidOperation:
        return None


def _unit(level, code, entry):
    try:
        geodata = entry.get("geodata") or {}
        parent_length = PARENT_CODE_LENGTH[level]
        return AdministrativeUnit(
            code=str(code),
            level=LEVEL_OF[level],
            parent_id=str(code)[:parent_length] if parent_length else None,
            name_km=entry["name"]["km"],
            name_latin=entry["name"]["latin"],
            type_km=entry["administrative_unit"]["km"],
            type_en=entry["administrative_unit"].get("en") or entry["administrative_unit"]["latin"],
            latitude=_decimal(geodata.get("lat")),
            longitude=_decimal(geodata.get("long")),
        )
    except (KeyError, TypeError) as exc:
        raise GazetteerError(f"{level} {code}: missing field {exc}") from exc


@transaction.atomic
def import_gazetteer(data_dir, progress=None):
    """Import every level of the snapshot in ``data_dir``; all or nothing."""
    report = ImportReport()
    existing = {unit.code: unit for unit in AdministrativeUnit.objects.all()}
    for level in LEVELS:
        try:
            entries = read_level(level, data_dir)
        except FileNotFoundError as exc:
            raise GazetteerError(f"{level}.yml is missing from {data_dir}") from exc
        except (yaml.YAMLError, KeyError, TypeError) as exc:
            raise GazetteerError(f"{level}.yml cannot be read: {exc}") from exc
        to_add, to_change = [], []
        for code, entry in entries.items():
            unit = _unit(level, code, entry)
            if unit.parent_id and unit.parent_id not in existing:
                raise GazetteerError(f"{level} {code}: its parent {unit.parent_id} is unknown")
            current = existing.get(unit.code)
            if current is None:
                to_add.append(unit)
            elif any(getattr(current, f) != getattr(unit, f) for f in COMPARED_FIELDS):
                for name in COMPARED_FIELDS:
                    setattr(current, name, getattr(unit, name))
                to_change.append(current)
        AdministrativeUnit.objects.bulk_create(to_add, batch_size=2000)
        AdministrativeUnit.objects.bulk_update(to_change, [*COMPARED_FIELDS], batch_size=2000)
        existing.update({unit.code: unit for unit in to_add})
        report.added[level] = len(to_add)
        report.changed[level] = len(to_change)
        report.unchanged[level] = len(entries) - len(to_add) - len(to_change)
        if progress:
            progress(level, report)
    return report

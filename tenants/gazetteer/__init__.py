"""Read the shipped NCDD gazetteer (see README.md beside this file for its source and licence)."""

from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"


def _load(level):
    with open(DATA_DIR / f"{level}.yml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.CSafeLoader)[level]


@cache
def provinces():
    return _load("provinces")


@cache
def districts():
    return _load("districts")


@cache
def communes():
    return _load("communes")


def district(code):
    """The gazetteer entry of a district with its province, or None for an unknown code."""
    entry = districts().get(code)
    if entry is None:
        return None
    province = provinces()[code[:2]]
    return {
        "code": code,
        "name_km": entry["name"]["km"],
        "name_en": entry["name"]["latin"],
        "unit_km": entry["administrative_unit"]["km"],
        "unit_en": entry["administrative_unit"]["en"],
        "province_code": code[:2],
        "province_name_km": province["name"]["km"],
        "province_name_en": province["name"]["latin"],
    }


def communes_of(district_code):
    """The communes of a district as (code, name_km, name_en), in code order."""
    return [
        (code, entry["name"]["km"], entry["name"]["latin"])
        for code, entry in sorted(communes().items())
        if code[:4] == district_code
    ]

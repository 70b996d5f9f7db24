"""This district's communes and villages, from the imported gazetteer (tenants.gazetteer), the
only places a project may be in. Read from the public schema's table, by the current
district's code, so another district's units are never offered nor accepted."""

from django.db import connection
from django.db.models import Q
from django.utils import translation

from tenants.gazetteer import communes_of
from tenants.gazetteer.models import AdministrativeUnit


def district_code():
    return connection.tenant.code


def _name(km, latin):
    return latin if translation.get_language() == "en" else km


def commune_choices():
    # Names only: the NCDD code is the gazetteer's, not what officers call a commune.
    return [(code, _name(km, latin)) for code, km, latin in communes_of(district_code())]


def village_choices():
    """Villages grouped by commune, as Django's grouped choices: a select without JavaScript."""
    communes = {code: _name(km, latin) for code, km, latin in communes_of(district_code())}
    villages = AdministrativeUnit.objects.filter(
        parent_id__in=communes, level=AdministrativeUnit.Level.VILLAGE
    ).values_list("code", "parent_id", "name_km", "name_latin")
    groups = {code: [] for code in communes}
    for code, parent, km, latin in villages:
        groups[parent].append((code, _name(km, latin)))
    return [(communes[code], groups[code]) for code in communes if groups[code]]


def units(codes):
    """{code: AdministrativeUnit} for ``codes`` (communes and villages)."""
    return {unit.code: unit for unit in AdministrativeUnit.objects.filter(code__in=set(codes))}


def district_units():
    """{code: AdministrativeUnit} of this district's communes and their villages, in one
    query: the places a project of the district can name."""
    district = district_code()
    return {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(
            Q(parent_id=district, level=AdministrativeUnit.Level.COMMUNE)
            | Q(parent__parent_id=district, level=AdministrativeUnit.Level.VILLAGE)
        )
    }


def commune_centres():
    """[(code, name, latitude, longitude)] of this district's communes that have coordinates."""
    return [
        (unit.code, unit.name, float(unit.latitude), float(unit.longitude))
        for unit in AdministrativeUnit.objects.filter(
            parent_id=district_code(),
            level=AdministrativeUnit.Level.COMMUNE,
            latitude__isnull=False,
            longitude__isnull=False,
        )
    ]

"""The datasets a district publishes as open data, each declared by the app that owns its
content in that app's ``opendata.py``::

    # district_site/<app>/opendata.py
    from district_site.opendata.registry import Dataset, Field

    DATASETS = [Dataset(name="projects", title=..., fields=[...], rows=rows, modified=modified)]

The open-data app builds every file (CSV, XLSX, JSON, GeoJSON), the datapackage.json, the API,
the DCAT catalogue and the platform-wide files from these declarations alone: it never names
another app. A dataset's functions run in the current district's schema and read only it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db import connection
from django.utils.translation import gettext_lazy as _

from district_site.core.contributions import modules

# Frictionless Table Schema field types this registry writes and reads.
TYPES = {"string", "integer", "number", "date", "datetime", "year", "yearmonth", "boolean"}


@dataclass(frozen=True)
class Field:
    """One column. ``title`` and ``description`` are translatable; ``fiscal`` is the Fiscal Data
    Package column type (e.g. "value", "date:fiscal-year") when the column is one of its concepts;
    ``filter`` lets API clients select rows by this column's value."""

    name: str
    type: str
    title: str
    description: str = ""
    required: bool = False
    enum: tuple = ()
    fiscal: str = ""
    filter: bool = False

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: unknown type {self.type}")

    def table_schema(self):
        descriptor = {"name": self.name, "type": self.type, "title": str(self.title)}
        if self.description:
            descriptor["description"] = str(self.description)
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            descriptor["constraints"] = constraints
        if self.type == "year":
            # Table Schema's "year" is read as a plain integer by most tools; say which years.
            descriptor["constraints"] = {**constraints, "minimum": 2000, "maximum": 2100}
        if self.fiscal:
            descriptor["columnType"] = self.fiscal
        return descriptor


# Every row of every dataset begins with these: the platform-wide files hold many districts'
# rows in one table, and the same columns in a district's own file keep the two alike.
DISTRICT_FIELDS = (
    Field(
        "district_code",
        "string",
        _("District code"),
        _("The district's NCDD gazetteer code."),
        required=True,
        fiscal="administrative-classification:generic:level2:code",
    ),
    Field(
        "province_code",
        "string",
        _("Province code"),
        _("The province's NCDD gazetteer code."),
        required=True,
        fiscal="administrative-classification:generic:level1:code",
    ),
)


@dataclass(frozen=True)
class Dataset:
    """``rows()`` yields dicts keyed by the names of ``fields`` (not the district columns, which
    are added here); ``modified()`` is when the dataset last changed, None while it is empty.
    ``geojson()``, when given, returns a GeoJSON FeatureCollection of the same rows.
    ``fiscal_model`` is the Fiscal Data Package ``model`` (measures and dimensions) of a
    budget-like dataset."""

    name: str
    title: str
    description: str
    fields: tuple
    rows: Callable[[], Iterable[dict]]
    modified: Callable[[], datetime | None]
    primary_key: tuple = ()
    geojson: Callable[[], dict] | None = None
    fiscal_model: dict | None = None
    order: int = 50
    keywords: tuple = field(default_factory=tuple)

    @property
    def all_fields(self):
        return DISTRICT_FIELDS + tuple(self.fields)

    @property
    def field_names(self):
        return [f.name for f in self.all_fields]

    def district_rows(self, district=None, **filters):
        """Every row with the district's codes first, selected by ``filters`` (field name ->
        value as text, compared as text)."""
        district = district or connection.tenant
        prefix = {"district_code": district.code, "province_code": district.province_code}
        for row in self.rows():
            full = {**prefix, **row}
            if all(as_text(full.get(name)) == value for name, value in filters.items()):
                yield full

    def district_geojson(self, district=None):
        """``geojson()`` with the district's codes first in every feature's properties, as in
        its rows, so the platform-wide collection can tell districts apart."""
        district = district or connection.tenant
        prefix = {"district_code": district.code, "province_code": district.province_code}
        collection = self.geojson()
        features = [
            {**feature, "properties": {**prefix, **(feature.get("properties") or {})}}
            for feature in collection.get("features", [])
        ]
        return {**collection, "features": features}

    @property
    def kinds(self):
        """The file formats the dataset is downloaded as: the tables, and GeoJSON if it has
        places."""
        return ("csv", "xlsx", "json") + (("geojson",) if self.geojson else ())

    def version(self):
        """The dataset's version as every download names it: the moment of its last change in
        UTC, so versions sort in time; "empty" before anything is published."""
        modified = self.modified()
        return version_of(modified)


def version_of(modified):
    if modified is None:
        return "empty"
    return modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def as_text(value):
    """A cell as CSV and filters compare it: UTC date-times, ISO dates, '' for nothing."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def datasets():
    """Every app's datasets, in their ``order``."""
    found = [dataset for module in modules("opendata") for dataset in module.DATASETS]
    names = [dataset.name for dataset in found]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"two apps declare the dataset(s) {', '.join(sorted(duplicates))}")
    return sorted(found, key=lambda dataset: (dataset.order, dataset.name))


def get(name):
    """The dataset called ``name``, or None."""
    return next((dataset for dataset in datasets() if dataset.name == name), None)

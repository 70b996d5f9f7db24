"""The files a dataset is downloaded as. Every writer takes rows already made plain (strings,
numbers, booleans, None: see ``plain``), so a district's own files and the platform-wide files,
assembled from stored parts, come out of the same code byte for byte alike.

CSV is UTF-8 with a byte-order mark: without it Excel, which most offices open data with, reads
Khmer as mojibake. Data files always use Latin digits."""

import io
import json
from datetime import UTC, date, datetime

from tenants import spreadsheets

from . import xlsx
from .registry import as_text

BOM = "\ufeff"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "geojson": "application/geo+json",
}
DATA_SHEET = "data"
ABOUT_SHEET = "about"


def plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def plain_row(row):
    return {name: plain(value) for name, value in row.items()}


def _csv_cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        # Left a number, so the writer does not take "-5" for a formula (tenants.spreadsheets).
        return value
    return as_text(value)


def to_csv(field_names, rows):
    out = io.StringIO()
    out.write(BOM)
    writer = spreadsheets.CsvWriter(out, lineterminator="\r\n")
    writer.writerow(field_names)
    for row in rows:
        writer.writerow([_csv_cell(row.get(name)) for name in field_names])
    return out.getvalue().encode("utf-8")


def to_xlsx(field_names, rows, about):
    """The rows on a first sheet, as portals read it; what the file is (dataset, version,
    licence, publisher) on a second one, since a spreadsheet travels without its web page."""
    about_rows = []
    for key, value in about.items():
        if key == "licenses":
            value = ", ".join(f"{licence['name']} {licence['path']}" for licence in value)
        elif isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        about_rows.append([key, value])
    data = [field_names, *([row.get(name) for name in field_names] for row in rows)]
    return xlsx.workbook([(DATA_SHEET, data), (ABOUT_SHEET, about_rows)])


def to_json(field_names, rows, about, schema):
    """A Frictionless resource with its data inline: the rows, and beside them what they are
    (name, version, licences, schema), so the file describes itself wherever it is copied."""
    document = {
        "name": about["dataset"],
        **{key: value for key, value in about.items() if key != "dataset"},
        "schema": schema,
        "data": [_ordered(row, field_names) for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _ordered(row, field_names):
    return {name: row.get(name) for name in field_names}


def to_geojson(collection, about):
    """A FeatureCollection with what the file is beside its features ("metadata", a foreign
    member RFC 7946 allows), as the tables carry it."""
    features = [
        {**feature, "properties": plain_row(feature.get("properties") or {})}
        for feature in collection.get("features", [])
    ]
    document = {**collection, "features": features, "metadata": about}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write(kind, field_names, rows, about, schema):
    if kind == "csv":
        return to_csv(field_names, rows)
    if kind == "xlsx":
        return to_xlsx(field_names, rows, about)
    if kind == "json":
        return to_json(field_names, rows, about, schema)
    raise ValueError(kind)


TABULAR = ("csv", "xlsx", "json")

"""Descriptions of the data: the Frictionless datapackage.json and the DCAT catalogue (JSON-LD),
for one district's datasets and for the platform-wide ones alike."""

from django.utils.translation import gettext_lazy as _

from . import licences
from .formats import CONTENT_TYPES, TABULAR
from .registry import DISTRICT_FIELDS, Field

RESOURCE_SUFFIX = {"csv": "", "xlsx": "-xlsx", "json": "-json", "geojson": "-geojson"}


def table_schema(dataset):
    schema = {"fields": [field.table_schema() for field in dataset.all_fields]}
    if dataset.primary_key:
        schema["primaryKey"] = list(dataset.primary_key)
    return schema


def resources(dataset, *, version, licence_ids, base=""):
    """One resource per file format of ``dataset``, each with the same schema: tools that read
    only one format still find it described."""
    found = []
    for kind in TABULAR:
        resource = {
            "name": f"{dataset.name}{RESOURCE_SUFFIX[kind]}",
            "path": f"{base}{dataset.name}.{kind}",
            "title": str(dataset.title),
            "description": str(dataset.description),
            "format": kind,
            "mediatype": CONTENT_TYPES[kind].split(";")[0],
            "version": version,
            "licenses": [licences.describe(identifier) for identifier in licence_ids],
            "schema": table_schema(dataset),
        }
        if kind == "csv":
            resource["encoding"] = "utf-8-sig"
            if dataset.fiscal_model:
                resource["model"] = dataset.fiscal_model
        elif kind == "xlsx":
            resource["dialect"] = {"excel": {"sheet": "data"}}
        # json: the file is itself a resource descriptor with the rows inline (formats.to_json).
        found.append(resource)
    if dataset.geojson:
        # Not a table: the same rows that have a place, as a GeoJSON FeatureCollection (RFC 7946)
        # whose feature properties are the table's columns.
        found.append(
            {
                "name": f"{dataset.name}{RESOURCE_SUFFIX['geojson']}",
                "path": f"{base}{dataset.name}.geojson",
                "title": str(dataset.title),
                "description": str(dataset.description),
                "format": "geojson",
                "mediatype": CONTENT_TYPES["geojson"],
                "encoding": "utf-8",
                "version": version,
                "licenses": [licences.describe(identifier) for identifier in licence_ids],
            }
        )
    return found


def datapackage(*, name, title, description, homepage, version, licence_ids, entries, extra=()):
    """``entries``: (dataset, version) pairs; ``extra``: further ready-made resources."""
    package = {
        "name": name,
        "title": title,
        "description": description,
        "homepage": homepage,
        "version": version,
        "licenses": [licences.describe(identifier) for identifier in licence_ids],
        "resources": [
            resource
            for dataset, dataset_version in entries
            for resource in resources(dataset, version=dataset_version, licence_ids=licence_ids)
        ],
    }
    package["resources"] += list(extra)
    return package


# The districts resource of the platform-wide package: which district each code is, and the
# licence each district's rows are under.
DISTRICT_LIST_FIELDS = (
    *DISTRICT_FIELDS,
    Field("name_km", "string", _("District name in Khmer"), required=True),
    Field("name_en", "string", _("District name in English"), required=True),
    Field("province_name_km", "string", _("Province name in Khmer"), required=True),
    Field("province_name_en", "string", _("Province name in English"), required=True),
    Field("licence", "string", _("Licence of the district's rows (SPDX)"), required=True),
    Field("open_data_url", "string", _("The district's open data page"), required=True),
)


def district_list_resource():
    return {
        "name": "districts",
        "path": "districts.csv",
        "title": str(_("Districts")),
        "description": str(
            _("The districts whose rows the other resources hold, with their licence.")
        ),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "schema": {
            "fields": [field.table_schema() for field in DISTRICT_LIST_FIELDS],
            "primaryKey": ["district_code"],
        },
    }


# --- DCAT ----------------------------------------------------------------------------------

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
FORMAT_NAMES = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON", "geojson": "GeoJSON"}


def dcat_dataset(*, identifier, title, description, publisher, licence_id, modified, keywords,
                 landing_page, files, language="km"):  # fmt: skip
    """One dcat:Dataset. ``publisher``: (url, name); ``files``: (format, url) pairs."""
    licence = {"@id": licences.URLS[licence_id]} if licence_id else None
    dataset = {
        "@id": f"{landing_page}#{identifier}",
        "@type": "dcat:Dataset",
        "dct:identifier": identifier,
        "dct:title": title,
        "dct:description": description,
        "dct:publisher": {
            "@id": publisher[0],
            "@type": "foaf:Organization",
            "foaf:name": publisher[1],
        },
        "dct:language": language,
        "dcat:keyword": list(keywords),
        "dcat:landingPage": {"@id": landing_page},
        "dcat:distribution": [
            {
                "@id": url,
                "@type": "dcat:Distribution",
                "dct:title": f"{title} ({FORMAT_NAMES[kind]})",
                "dct:format": FORMAT_NAMES[kind],
                "dcat:mediaType": CONTENT_TYPES[kind].split(";")[0],
                "dcat:accessURL": {"@id": url},
                "dcat:downloadURL": {"@id": url},
            }
            for kind, url in files
        ],
    }
    if licence:
        dataset["dct:license"] = licence
        for distribution in dataset["dcat:distribution"]:
            distribution["dct:license"] = licence
    if modified:
        dataset["dct:modified"] = {"@value": modified, "@type": "xsd:dateTime"}
    return dataset


def dcat_catalogue(*, url, title, description, homepage, datasets, modified=None):
    catalogue = {
        "@context": CONTEXT,
        "@id": url,
        "@type": "dcat:Catalog",
        "dct:title": title,
        "dct:description": description,
        "foaf:homepage": {"@id": homepage},
        "dcat:dataset": datasets,
    }
    if modified:
        catalogue["dct:modified"] = {"@value": modified, "@type": "xsd:dateTime"}
    return catalogue


def about(*, dataset, version, licence_ids, publisher, source):
    """What every downloaded file says of itself."""
    return {
        "dataset": dataset.name,
        "title": str(dataset.title),
        "version": version,
        "licenses": [licences.describe(identifier) for identifier in licence_ids],
        "publisher": publisher,
        "source": source,
    }


DISTRICT_PACKAGE_DESCRIPTION = _(
    "The district's open data: its budget, budget execution and other published datasets, "
    "with district and province codes in every row."
)

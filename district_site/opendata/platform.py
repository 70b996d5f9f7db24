"""The platform-wide open data: the same datasets across every active district, in one file per
dataset and format, with district and province codes in every row.

Built in two steps by ``tasks.rebuild_platform_open_data``, which runs in the schema of the
district that just published (tenant-schemas-celery):

1. ``write_district_part``: this district's rows of every dataset, read from its own schema,
   stored as one JSON file named after its code in the public area of the media storage. A task
   only ever writes its own district's part.
2. ``assemble``: concatenate the stored parts of the active districts into the platform-wide
   files, datapackage.json and the DCAT catalogue. It reads the parts and the public tables
   (districts, domains), never another district's schema.

Assemblies are serialised by a PostgreSQL advisory lock: each one reads the parts after taking
it, so whichever runs last has seen every part written before it and the files are never older
than the latest publication.
"""

import json

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tenants.links import district_url
from tenants.models import District
from tenants.storage import public_area_storage

from . import formats, licences, package
from .models import OpenDataSettings
from .registry import datasets, version_of

PREFIX = "open-data"
PARTS = f"{PREFIX}/parts"
# pg_advisory_xact_lock key of the assembly ("srok" in ASCII, then 1).
ASSEMBLY_LOCK = 0x73726F6B01


def part_name(code):
    return f"{PARTS}/{code}.json"


def replace_file(storage, name, data):
    """Store ``data`` under exactly ``name``, replacing any earlier file in one step (storages
    otherwise pick a fresh name rather than overwrite; deleting first left a moment in which
    a download found nothing, or half a file)."""
    from django.core.files.base import ContentFile

    saved = storage.replace(name, ContentFile(data))
    if saved != name:
        raise RuntimeError(f"stored {name} as {saved}")


def district_part(district=None):
    """This district's rows and metadata, as plain JSON, read from its own schema only."""
    district = district or connection.tenant
    found = {}
    for dataset in datasets():
        modified = dataset.modified()
        found[dataset.name] = {
            "version": version_of(modified),
            "modified": formats.plain(modified),
            "rows": [formats.plain_row(row) for row in dataset.district_rows(district)],
        }
        if dataset.geojson:
            found[dataset.name]["features"] = [
                {**feature, "properties": formats.plain_row(feature["properties"])}
                for feature in dataset.district_geojson(district)["features"]
            ]
    return {
        "district": {
            "district_code": district.code,
            "province_code": district.province_code,
            "name_km": district.name_km,
            "name_en": district.name_en,
            "province_name_km": district.province_name_km,
            "province_name_en": district.province_name_en,
            "licence": OpenDataSettings.current().licence,
            "open_data_url": district_url(district, "/open-data/"),
        },
        "datasets": found,
    }


def write_district_part(district=None):
    district = district or connection.tenant
    data = json.dumps(district_part(district), ensure_ascii=False).encode("utf-8")
    replace_file(public_area_storage(), part_name(district.code), data)


def _read_parts(storage, codes):
    parts = []
    for code in codes:
        name = part_name(code)
        if storage.exists(name):
            with storage.open(name, "rb") as handle:
                parts.append(json.loads(handle.read()))
    return parts


def platform_url(path):
    from django.conf import settings

    scheme = "https" if settings.HTTPS else "http"
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{scheme}://{settings.PLATFORM_DOMAIN}{port}{path}"


@transaction.atomic
def assemble():
    """Rebuild every platform-wide file from the stored parts of the active districts."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ASSEMBLY_LOCK])
    storage = public_area_storage()
    codes = list(
        District.objects.filter(status=District.Status.ACTIVE)
        .order_by("code")
        .values_list("code", flat=True)
    )
    parts = _read_parts(storage, codes)
    # Machine-read metadata is in English, the language data portals share; citizens' pages
    # say the same in Khmer.
    with translation.override("en"):
        _write_files(storage, parts)


def _write_files(storage, parts):
    now = formats.plain(timezone.now())
    used_licences = sorted({part["district"]["licence"] for part in parts}) or [
        licences.DEFAULT.value
    ]
    entries = []
    catalogue = []
    for dataset in datasets():
        rows = [
            row for part in parts for row in part["datasets"].get(dataset.name, {}).get("rows", [])
        ]
        versions = [
            part["datasets"][dataset.name]["modified"]
            for part in parts
            if part["datasets"].get(dataset.name, {}).get("modified")
        ]
        version = max(versions) if versions else "empty"
        about = {
            "dataset": dataset.name,
            "title": str(dataset.title),
            "version": version,
            "licenses": [licences.describe(identifier) for identifier in used_licences],
            "licence_note": _("Each district's rows are under the licence districts.csv names."),
            "publisher": "Srok",
            "source": platform_url(f"/{PREFIX}/"),
        }
        for kind in formats.TABULAR:
            data = formats.write(
                kind, dataset.field_names, rows, about, package.table_schema(dataset)
            )
            replace_file(storage, f"{PREFIX}/{dataset.name}.{kind}", data)
        if dataset.geojson:
            features = [
                feature
                for part in parts
                for feature in part["datasets"].get(dataset.name, {}).get("features", [])
            ]
            replace_file(
                storage,
                f"{PREFIX}/{dataset.name}.geojson",
                formats.to_geojson({"type": "FeatureCollection", "features": features}, about),
            )
        entries.append((dataset, version))
        catalogue.append(
            package.dcat_dataset(
                identifier=f"srok-{dataset.name}",
                title=_("%(title)s, every district") % {"title": dataset.title},
                description=str(dataset.description),
                publisher=(platform_url("/"), "Srok"),
                # Rows under several licences: each district's own entry below names its licence.
                licence_id=used_licences[0] if len(used_licences) == 1 else None,
                modified=None if version == "empty" else version,
                keywords=dataset.keywords,
                landing_page=platform_url(f"/{PREFIX}/"),
                files=[
                    (kind, platform_url(f"/{PREFIX}/{dataset.name}.{kind}"))
                    for kind in dataset.kinds
                ],
                language="en",
            )
        )
    for part in parts:
        catalogue += _district_catalogue_entries(part)

    district_rows = [part["district"] for part in parts]
    replace_file(
        storage,
        f"{PREFIX}/districts.csv",
        formats.to_csv([f.name for f in package.DISTRICT_LIST_FIELDS], district_rows),
    )
    descriptor = package.datapackage(
        name="srok-open-data",
        title=_("Open data of every district on Srok"),
        description=_(
            "The open datasets of every active district, in one file per dataset, with the "
            "district and province codes in every row."
        ),
        homepage=platform_url(f"/{PREFIX}/"),
        version=now,
        licence_ids=used_licences,
        entries=entries,
        extra=[package.district_list_resource()],
    )
    replace_file(storage, f"{PREFIX}/datapackage.json", _json(descriptor))
    replace_file(
        storage,
        f"{PREFIX}/catalog.jsonld",
        _json(
            package.dcat_catalogue(
                url=platform_url(f"/{PREFIX}/catalog.jsonld"),
                title=_("Srok open data"),
                description=_(
                    "Budgets, budget execution, projects, forums and feedback statistics "
                    "published by Cambodia's districts on Srok."
                ),
                homepage=platform_url("/"),
                datasets=catalogue,
                modified=now,
            )
        ),
    )


def _district_catalogue_entries(part):
    """The district's own datasets, published by the district, as its host serves them."""
    district = part["district"]
    home = district["open_data_url"]
    base = home.rsplit("/open-data/", 1)[0]
    entries = []
    for dataset in datasets():
        figures = part["datasets"].get(dataset.name)
        if figures is None:
            continue
        entries.append(
            package.dcat_dataset(
                identifier=f"srok-{district['district_code']}-{dataset.name}",
                title=f"{dataset.title}: {district['name_en']}",
                description=str(dataset.description),
                publisher=(f"{base}/", district["name_en"]),
                licence_id=district["licence"],
                modified=figures["modified"],
                keywords=dataset.keywords,
                landing_page=home,
                files=[(kind, f"{home}{dataset.name}.{kind}") for kind in dataset.kinds],
            )
        )
    return entries


def _json(document):
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")

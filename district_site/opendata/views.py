"""Citizens' open data page and the files it links to, on the district's host."""

import hashlib
import json
from functools import wraps

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from district_site.core.page_cache import cached_page, memo
from tenants import ratelimit
from tenants.links import district_url

from . import formats, licences, package, registry
from .models import OpenDataSettings

# The citizen page in Khmer: the address files and catalogues name as their source.
PAGE_PATH = "/open-data/"
OPEN_HEADERS = "ETag, Link, Content-Disposition, X-Dataset-Version"


def in_readers_language(view):
    """Answer in the language the client asks for (Accept-Language), Khmer by default. Data
    addresses carry no language prefix, and Django gives unprefixed addresses the default
    language whatever the client asks, which suits pages but not an API."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(translation.get_language_from_request(request)):
            return view(request, *args, **kwargs)

    return wrapper


def open_response(request, body, *, content_type, etag_parts, filename=None, licence_id=None,
                  version=None):  # fmt: skip
    """A public, read-only answer any site may fetch (CORS), with an ETag naming its content,
    answered 304 when the client already has it."""
    etag = '"' + hashlib.sha256(repr(etag_parts).encode() + body).hexdigest()[:32] + '"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = OPEN_HEADERS
    response["Vary"] = "Accept-Language"
    response["Cache-Control"] = "public, max-age=300"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if licence_id:
        response["Link"] = f'<{licences.URLS[licence_id]}>; rel="license"'
    if version:
        response["X-Dataset-Version"] = version
    return response


def _publisher(district):
    return {"name": district.name_en, "name_km": district.name_km, "code": district.code}


def _file_name(district, dataset, version, kind):
    stamp = version.replace("-", "").replace(":", "")
    return f"srok-{district.code}-{dataset.name}-{stamp}.{kind}"


@ratelimit.limited("open-data")
@require_safe
@in_readers_language
def download(request, name, kind):
    dataset = registry.get(name)
    if dataset is None or kind not in formats.CONTENT_TYPES:
        raise Http404
    if kind == "geojson" and dataset.geojson is None:
        raise Http404
    district = request.tenant
    licence_id = OpenDataSettings.current().licence
    version = dataset.version()
    about = package.about(
        dataset=dataset,
        version=version,
        licence_ids=[licence_id],
        publisher=_publisher(district),
        source=district_url(district, PAGE_PATH),
    )
    if kind == "geojson":
        body = formats.to_geojson(dataset.district_geojson(district), about)
    else:
        rows = [formats.plain_row(row) for row in dataset.district_rows(district)]
        body = formats.write(kind, dataset.field_names, rows, about, package.table_schema(dataset))
    return open_response(
        request,
        body,
        content_type=formats.CONTENT_TYPES[kind],
        etag_parts=(name, kind, version, licence_id),
        filename=_file_name(district, dataset, version, kind),
        licence_id=licence_id,
        version=version,
    )


def district_datapackage(district, licence_id):
    found = registry.datasets()
    entries = [(dataset, dataset.version()) for dataset in found]
    versions = [version for _dataset, version in entries if version != "empty"]
    return package.datapackage(
        name=f"srok-{district.code}-open-data",
        title=f"{district.name_km} · {district.name_en}",
        description=str(package.DISTRICT_PACKAGE_DESCRIPTION),
        homepage=district_url(district, PAGE_PATH),
        version=max(versions) if versions else "empty",
        licence_ids=[licence_id],
        entries=entries,
    )


@ratelimit.limited("open-data")
@require_safe
@in_readers_language
def datapackage_json(request):
    district = request.tenant
    licence_id = OpenDataSettings.current().licence
    descriptor = district_datapackage(district, licence_id)
    body = json.dumps(descriptor, ensure_ascii=False, indent=1).encode("utf-8")
    return open_response(
        request,
        body,
        content_type="application/json",
        etag_parts=("datapackage", get_language()),
        licence_id=licence_id,
        version=descriptor["version"],
    )


@cached_page
def index(request):
    # Each dataset's version costs a query or two: looked up once per publication.
    settings_, versions = memo(
        "opendata-index",
        lambda: (
            OpenDataSettings.current(),
            {dataset.name: dataset.version() for dataset in registry.datasets()},
        ),
    )
    entries = []
    for dataset in registry.datasets():
        entries.append(
            {
                "dataset": dataset,
                "version": versions[dataset.name],
                "files": [
                    (kind, reverse("opendata:download", args=[dataset.name, kind]))
                    for kind in dataset.kinds
                ],
                "api": reverse("api:rows", args=[dataset.name]),
            }
        )
    return render(
        request,
        "opendata/index.html",
        {
            "district": request.tenant,
            "entries": entries,
            "licence": settings_.get_licence_display(),
            "licence_url": licences.URLS[settings_.licence],
        },
    )

"""The platform-wide open data on the platform's host: the files and the DCAT catalogue that
district_site.opendata's task stores in the public area of the media storage. Served as stored:
no request ever reads a district's schema."""

import hashlib
import json
import re

from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tenants import ratelimit
from tenants.storage import public_area_storage

PREFIX = "open-data"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "jsonld": "application/ld+json",
    "geojson": "application/geo+json",
}
FILE_NAME = re.compile(r"^[a-z0-9-]+\.(csv|xlsx|json|jsonld|geojson)$")


def _read(name):
    storage = public_area_storage()
    try:
        if not storage.exists(f"{PREFIX}/{name}"):
            return None
        with storage.open(f"{PREFIX}/{name}", "rb") as handle:
            return handle.read()
    except SuspiciousFileOperation:
        return None


@ratelimit.limited("open-data")
@require_safe
def open_data_file(request, name):
    match = FILE_NAME.match(name)
    body = _read(name) if match else None
    if body is None:
        raise Http404
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=CONTENT_TYPES[match[1]])
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    response["Cache-Control"] = "public, max-age=300"
    if match[1] in ("csv", "xlsx"):
        response["Content-Disposition"] = f'attachment; filename="srok-{name}"'
    return response


def open_data_page(request):
    """What the platform-wide package holds, with a link to each file."""
    raw = _read("datapackage.json")
    package = json.loads(raw) if raw else None
    return render(request, "directory/open_data.html", {"package": package})

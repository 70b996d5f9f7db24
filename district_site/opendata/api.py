"""The read-only JSON API, /api/v1/ on a district's host: the same datasets as the files, a page
of rows at a time, described by an OpenAPI 3 document generated from the dataset registry.

Every answer is JSON, errors included ({"error": {"status", "message"}}, the message in the
reader's language); every answer may be read by any site (CORS) and carries an ETag.
"""

import json
import re

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from tenants import ratelimit
from tenants.links import district_url

from . import licences, registry
from .formats import plain_row
from .models import OpenDataSettings
from .views import PAGE_PATH, in_readers_language, open_response

VERSION = "1.0.0"
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
SAFE_METHODS = ("GET", "HEAD")
YEARMONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
# What tenants.middleware.RequestGuardMiddleware lets through in a query value.
NO_CONTROL_CHARACTERS = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$"


def _json(document):
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def error(request, status, message):
    response = HttpResponse(
        _json({"error": {"status": status, "message": str(message)}}),
        content_type="application/json",
        status=status,
    )
    response["Access-Control-Allow-Origin"] = "*"
    if status == 405:
        response["Allow"] = ", ".join([*SAFE_METHODS, "OPTIONS"])
    return response


def read_only(view):
    """GET and HEAD answered by ``view``; OPTIONS answered as a CORS preflight; anything else
    refused with a JSON 405."""

    @ratelimit.limited("api", methods=None)
    @csrf_exempt
    @in_readers_language
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Headers"] = "If-None-Match, Accept-Language"
            response["Access-Control-Max-Age"] = "86400"
            return response
        if request.method not in SAFE_METHODS:
            return error(request, 405, _("This API only reads: use GET."))
        return view(request, *args, **kwargs)

    return wrapper


def _answer(request, document, *, etag_parts, licence_id=None, version=None):
    return open_response(
        request,
        _json(document),
        content_type="application/json",
        etag_parts=(*etag_parts, get_language()),
        licence_id=licence_id,
        version=version,
    )


@read_only
def index(request):
    district = request.tenant
    licence_id = OpenDataSettings.current().licence
    document = {
        "district": {
            "code": district.code,
            "province_code": district.province_code,
            "name_km": district.name_km,
            "name_en": district.name_en,
        },  # fmt: skip
        "licence": licences.describe(licence_id),
        "openapi": district_url(district, reverse("api:openapi")),
        "datasets": [
            {
                "name": dataset.name,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "version": dataset.version(),
                "rows": district_url(district, reverse("api:rows", args=[dataset.name])),
                "files": district_url(district, PAGE_PATH),
            }
            for dataset in registry.datasets()
        ],
    }
    return _answer(request, document, etag_parts=("index",), licence_id=licence_id)


class BadRequest(Exception):
    pass


def _positive(request, name, default, maximum=None):
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", raw) or int(raw) < 1:
        raise BadRequest(_("%(name)s must be a whole number, 1 or more.") % {"name": name})
    if maximum is not None and int(raw) > maximum:
        raise BadRequest(
            _("%(name)s must be at most %(maximum)d.") % {"name": name, "maximum": maximum}
        )
    return int(raw)


def _filter_value(field, raw):
    """``raw`` checked as the OpenAPI document describes the parameter, as text rows compare."""
    message = _("%(name)s: %(value)s is not a possible value.") % {"name": field.name, "value": raw}
    if field.type in ("integer", "year"):
        if not re.fullmatch(r"[0-9]{1,9}", raw):
            raise BadRequest(message)
        value = int(raw)
        if field.type == "year" and not 2000 <= value <= 2100:
            raise BadRequest(message)
        if field.enum and value not in field.enum:
            raise BadRequest(message)
        return str(value)
    if field.type == "boolean":
        if raw not in ("true", "false"):
            raise BadRequest(message)
        return "True" if raw == "true" else "False"
    if field.type == "yearmonth" and not re.fullmatch(YEARMONTH, raw):
        raise BadRequest(message)
    if field.enum and raw not in field.enum:
        raise BadRequest(message)
    return raw


@read_only
def rows(request, name):
    dataset = registry.get(name)
    if dataset is None:
        return error(request, 404, _("There is no dataset called %(name)s.") % {"name": name})
    try:
        page = _positive(request, "page", 1)
        size = _positive(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
        filters = {
            field.name: _filter_value(field, request.GET[field.name])
            for field in dataset.fields
            if field.filter and field.name in request.GET
        }
    except BadRequest as problem:
        return error(request, 400, problem)
    district = request.tenant
    licence_id = OpenDataSettings.current().licence
    version = dataset.version()
    selected = list(dataset.district_rows(district, **filters))
    start = (page - 1) * size
    base = district_url(district, reverse("api:rows", args=[name]))

    def link(number):
        query = request.GET.copy()
        query["page"] = str(number)
        return f"{base}?{query.urlencode()}"

    document = {
        "dataset": dataset.name,
        "title": str(dataset.title),
        "version": version,
        "licence": licences.describe(licence_id),
        "count": len(selected),
        "page": page,
        "page_size": size,
        "next": link(page + 1) if start + size < len(selected) else None,
        "previous": link(page - 1) if page > 1 and selected else None,
        "results": [plain_row(row) for row in selected[start : start + size]],
    }
    return _answer(
        request,
        document,
        etag_parts=("rows", name, sorted(request.GET.items())),
        licence_id=licence_id,
        version=version,
    )


@read_only
def openapi_json(request):
    document = openapi_document(request.tenant)
    return _answer(request, document, etag_parts=("openapi",))


@read_only
def not_found(request, rest=""):
    return error(request, 404, _("There is nothing at this address of the API."))


# --- the OpenAPI document ------------------------------------------------------------------


def _value_schema(field):
    schema = {
        "string": {"type": "string"},
        "integer": {"type": "integer"},
        "number": {"type": "number"},
        "date": {"type": "string", "format": "date"},
        "datetime": {"type": "string", "format": "date-time"},
        "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "yearmonth": {"type": "string", "pattern": YEARMONTH},
        "boolean": {"type": "boolean"},
    }[field.type]
    if field.enum:
        schema = {**schema, "enum": list(field.enum)}
    if field.description:
        schema = {**schema, "description": str(field.description)}
    return schema


def _parameter_schema(field):
    """As ``_filter_value`` checks it: whole numbers of up to nine digits, none negative."""
    schema = {k: v for k, v in _value_schema(field).items() if k != "description"}
    if field.type == "integer":
        schema = {"minimum": 0, "maximum": 999_999_999, **schema}
    elif schema.get("type") == "string" and "pattern" not in schema:
        # Control characters are refused (400) before any view, on every URL of the site.
        schema = {**schema, "pattern": NO_CONTROL_CHARACTERS}
    return schema


def _row_schema(dataset):
    properties = {}
    for field in dataset.all_fields:
        schema = _value_schema(field)
        if not field.required:
            schema = {**schema, "nullable": True}
        properties[field.name] = {**schema, "title": str(field.title)}
    return {
        "type": "object",
        "properties": properties,
        "required": dataset.field_names,
        "additionalProperties": False,
    }


def _json_content(schema):
    return {"application/json": {"schema": schema}}


def _error_response(description):
    return {
        "description": description,
        "content": _json_content({"$ref": "#/components/schemas/Error"}),
    }


def _headers():
    return {
        "ETag": {"schema": {"type": "string"}, "description": str(_("Names this exact answer."))},
        "Access-Control-Allow-Origin": {"schema": {"type": "string", "enum": ["*"]}},
    }


def openapi_document(district):
    licence_id = OpenDataSettings.current().licence
    paths = {
        "/api/v1/": {
            "get": {
                "operationId": "listDatasets",
                "summary": str(_("The district's datasets")),
                "responses": {
                    "200": {
                        "description": str(_("The datasets, with their versions and addresses.")),
                        "headers": _headers(),
                        "content": _json_content({"$ref": "#/components/schemas/Index"}),
                    },
                    "304": {"description": str(_("Unchanged since the ETag given."))},
                },
            }
        }
    }
    schemas = {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["status", "message"],
                    "properties": {
                        "status": {"type": "integer"},
                        "message": {"type": "string"},
                    },
                }
            },
        },
        "Licence": {
            "type": "object",
            "required": ["name", "title", "path"],
            "properties": {
                "name": {"type": "string"},
                "title": {"type": "string"},
                "path": {"type": "string", "format": "uri"},
            },
        },
        "Index": {
            "type": "object",
            "required": ["district", "licence", "openapi", "datasets"],
            "properties": {
                "district": {"type": "object"},
                "licence": {"$ref": "#/components/schemas/Licence"},
                "openapi": {"type": "string", "format": "uri"},
                "datasets": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name", "title", "version", "rows"],
                        "properties": {
                            "name": {"type": "string"},
                            "title": {"type": "string"},
                            "description": {"type": "string"},
                            "version": {"type": "string"},
                            "rows": {"type": "string", "format": "uri"},
                            "files": {"type": "string", "format": "uri"},
                        },
                    },
                },
            },
        },
    }
    for dataset in registry.datasets():
        row = f"{_component(dataset.name)}Row"
        page = f"{_component(dataset.name)}Page"
        schemas[row] = _row_schema(dataset)
        schemas[page] = {
            "type": "object",
            "required": [
                "dataset",
                "title",
                "version",
                "licence",
                "count",
                "page",
                "page_size",
                "next",
                "previous",
                "results",
            ],  # fmt: skip
            "additionalProperties": False,
            "properties": {
                "dataset": {"type": "string", "enum": [dataset.name]},
                "title": {"type": "string"},
                "version": {"type": "string"},
                "licence": {"$ref": "#/components/schemas/Licence"},
                "count": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{row}"}},
            },
        }
        parameters = [
            {"$ref": "#/components/parameters/page"},
            {"$ref": "#/components/parameters/page_size"},
        ] + [
            {
                "name": field.name,
                "in": "query",
                "required": False,
                "description": str(_("Only the rows with this %(name)s.") % {"name": field.name}),
                "schema": _parameter_schema(field),
            }
            for field in dataset.fields
            if field.filter
        ]
        paths[f"/api/v1/{dataset.name}/"] = {
            "get": {
                "operationId": f"rows{_component(dataset.name)}",
                "summary": str(dataset.title),
                "description": str(dataset.description),
                "parameters": parameters,
                "responses": {
                    "200": {
                        "description": str(_("A page of rows, oldest first.")),
                        "headers": _headers(),
                        "content": _json_content({"$ref": f"#/components/schemas/{page}"}),
                    },
                    "304": {"description": str(_("Unchanged since the ETag given."))},
                    "400": _error_response(str(_("A parameter has an impossible value."))),
                },
            }
        }
    # Every operation is rate-limited per client address (tenants.ratelimit).
    too_many = {
        **_error_response(str(_("Too many requests from this address: wait, then ask again."))),
        "headers": {
            "Retry-After": {
                "schema": {"type": "integer"},
                "description": str(_("Seconds to wait before asking again.")),
            }
        },
    }
    for operations in paths.values():
        for operation in operations.values():
            operation["responses"]["429"] = too_many
    return {
        "openapi": "3.0.3",
        "info": {
            "title": str(_("Open data API of %(name)s") % {"name": district.name}),
            "version": VERSION,
            "description": str(
                _(
                    "Read-only. Every answer is JSON, may be read from any site and carries an "
                    "ETag; errors are JSON with a message."
                )
            ),
            "license": {"name": licences.TITLES[licence_id], "url": licences.URLS[licence_id]},
        },
        "servers": [{"url": district_url(district, "")}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {
                "page": {
                    "name": "page",
                    "in": "query",
                    "required": False,
                    "description": str(_("Which page of rows, from 1.")),
                    "schema": {"type": "integer", "minimum": 1, "maximum": 999_999_999},
                },
                "page_size": {
                    "name": "page_size",
                    "in": "query",
                    "required": False,
                    "description": str(_("How many rows a page holds.")),
                    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                },
            },
        },
    }


def _component(name):
    return "".join(part.capitalize() for part in name.split("-"))

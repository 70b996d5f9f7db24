"""Resolve the district of each request from its Host header, through the cached host map;
and, before that, refuse requests no page can answer (control characters, impossible hosts)."""

import re
from urllib.parse import unquote

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotFound, JsonResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.middleware.main import TenantMainMiddleware

from .hostmap import is_dns_name
from .models import District

# Deliberately bare: an unknown host learns nothing about the platform or any district.
UNKNOWN_HOST_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title>'
    "</head><body><h1>Not found</h1></body></html>"
)


class DistrictMiddleware(TenantMainMiddleware):
    def get_tenant(self, domain_model, hostname):
        # Checked before the host map: a host no DNS could hold is neither looked up nor cached.
        if not is_dns_name(hostname):
            raise domain_model.DoesNotExist(hostname[:100])
        if hostname in settings.PLATFORM_HOSTS:
            return District.platform()
        district = domain_model.objects.district_for_host(hostname)
        if district is None:
            raise domain_model.DoesNotExist(hostname)
        return district

    def no_tenant_found(self, request, hostname):
        return HttpResponseNotFound(UNKNOWN_HOST_PAGE)


# NUL and the other C0 control characters and DEL: no URL, query or form field of ours means
# them, and PostgreSQL refuses NUL in any text. Tab, CR and LF are allowed in form fields
# (a textarea's lines), never in the path.
_CONTROL_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_VALUE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# A path converter's whole number beyond PostgreSQL's bigint names nothing we store.
_LARGEST_ID = 2**63 - 1


def reader_language(request):
    """The language of the page asked for, known before any routing: English under /en/ and
    in a console the officer switched to English (the language cookie); the API's clients
    choose with Accept-Language, as the API itself lets them; Khmer otherwise."""
    path = request.path_info
    if path.startswith("/en/"):
        return "en"
    if path.startswith("/api/"):
        return translation.get_language_from_request(request)
    if path.startswith("/manage/"):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


def refusal(request, message, status=400):
    """A small page in the reader's language saying why the request was refused (``message``
    lazily translated: the language is only known here). Under /api/ the same in the API's
    JSON error shape, ``{"error": {"status": ..., "message": ...}}``, as its OpenAPI document
    declares every error."""
    language = reader_language(request)
    with translation.override(language):
        title = _("The request cannot be answered")
        text = str(message)
    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {"error": {"status": status, "message": text}},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
        response["Access-Control-Allow-Origin"] = "*"
        response["Content-Language"] = language
        return response
    page = (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
        f"<p>{escape(text)}</p></body></html>"
    )
    response = HttpResponse(page, status=status, content_type="text/html; charset=utf-8")
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


def _has_control(request):
    if _CONTROL_IN_PATH.search(request.path_info):
        return True
    if _CONTROL_IN_VALUE.search(unquote(request.META.get("QUERY_STRING", ""), errors="replace")):
        return True
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        for key, values in request.POST.lists():
            if _CONTROL_IN_VALUE.search(key) or any(_CONTROL_IN_VALUE.search(v) for v in values):
                return True
    return False


class RequestGuardMiddleware:
    """Refuse, with a 400 page in the reader's language, any request whose path, query or form
    fields carry control characters (a NUL would otherwise reach PostgreSQL and fail there);
    drop cookies that carry them; answer 404 for a path whose whole number is beyond any stored
    id. One check for every URL, before tenancy: nothing is looked up for such a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A cookie with control characters (a session id with a NUL would reach PostgreSQL) is
        # treated as absent rather than refused: a browser holding one is not locked out.
        cookies = request.COOKIES
        if any(_CONTROL_IN_VALUE.search(k + v) for k, v in cookies.items()):
            request.COOKIES = {
                k: v for k, v in cookies.items() if not _CONTROL_IN_VALUE.search(k + v)
            }
        if _has_control(request):
            return refusal(
                request,
                gettext_lazy(
                    "The address or the form contains characters that are not allowed "
                    "(control characters such as NUL). Check what you typed or pasted."
                ),
            )
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not -_LARGEST_ID <= value <= _LARGEST_ID:
                raise Http404
        return None

"""A district host's URLs (district_site.urls) plus a view that does no work at all, and a way
to ask for any citizen page as the first reader after a publication does (bench.pages)."""

from django.http import HttpResponse
from django.urls import path, resolve
from django.utils import translation

from district_site import urls as district_urls
from district_site.core.page_cache import bump_content_version

from .page_speed import BARE_PATH


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


def after_publishing(request, page):
    """The citizen page at ``/<page>``, after replacing the district's content version as every
    publication does: neither the page cache nor anything kept per publication serves it."""
    bump_content_version()
    # LocaleMiddleware saw /bench/cold/...: the page's own prefix chooses its language.
    language = "en" if page.startswith("en/") else "km"
    with translation.override(language):
        request.LANGUAGE_CODE = language
        match = resolve(f"/{page}")
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
    return response


# Outside i18n_patterns, as the officer console is: LocaleMiddleware still runs, no prefix applies.
urlpatterns = [
    path(BARE_PATH.lstrip("/"), bare, name="bench-bare"),
    path("bench/cold/", after_publishing, {"page": ""}, name="bench-cold-home"),
    path("bench/cold/<path:page>", after_publishing, name="bench-cold"),
    *district_urls.urlpatterns,
]

handler404 = district_urls.handler404
handler500 = district_urls.handler500

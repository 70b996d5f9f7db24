"""A district host's URLs (district_site.urls) plus a view that does no work at all."""

from django.http import HttpResponse
from django.urls import path

from district_site import urls as district_urls

from .page_speed import BARE_PATH


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


# Outside i18n_patterns, as the officer console is: LocaleMiddleware still runs, no prefix applies.
urlpatterns = [path(BARE_PATH.lstrip("/"), bare, name="bench-bare"), *district_urls.urlpatterns]

handler404 = district_urls.handler404
handler500 = district_urls.handler500

"""The open data files and /api/v1/, outside the language prefixes: a file, or the path of a
datum, is the same in every language (the API's messages follow Accept-Language)."""

from django.urls import include, path, re_path

from . import views

PREFIX = ""
files = [
    path("datapackage.json", views.datapackage_json, name="datapackage"),
    re_path(
        r"^(?P<name>[a-z0-9-]+)\.(?P<kind>csv|xlsx|json|geojson)$",
        views.download,
        name="download",
    ),
]
urlpatterns = [
    path("open-data/", include((files, "opendata"))),
    path("api/v1/", include("district_site.opendata.urls_api")),
]

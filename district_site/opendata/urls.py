"""The open data files, outside the language prefixes: a file is the same in every language."""

from django.urls import path, re_path

from . import views

app_name = "opendata"
urlpatterns = [
    path("datapackage.json", views.datapackage_json, name="datapackage"),
    re_path(
        r"^(?P<name>[a-z0-9-]+)\.(?P<kind>csv|xlsx|json|geojson)$",
        views.download,
        name="download",
    ),
]

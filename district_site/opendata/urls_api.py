"""/api/v1/ on a district's host, outside the language prefixes: the path of a datum never
changes with the reader's language (the messages do, by Accept-Language)."""

from django.urls import path, re_path

from . import api

app_name = "api"
urlpatterns = [
    path("", api.index, name="index"),
    path("openapi.json", api.openapi_json, name="openapi"),
    path("<slug:name>/", api.rows, name="rows"),
    re_path(r"^(?P<rest>.*)$", api.not_found),
]

"""The open data page, for citizens in their language (district_site.core.contributions: URLs);
the files and the API it lists are the same in every language (urls_unprefixed)."""

from django.urls import path

from . import views

PREFIX = "open-data/"
app_name = None  # its URL names are global
urlpatterns = [
    path("", views.index, name="opendata_index"),
]

"""Search across the district's content, for citizens (district_site.core.contributions: URLs)."""

from django.urls import path

from . import views

app_name = None  # its URL name is global
urlpatterns = [
    path("", views.search, name="search"),
]

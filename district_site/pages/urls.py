"""The district's own pages, for citizens (district_site.core.contributions: URLs)."""

from django.urls import path

from . import views

PREFIX = "p/"
app_name = None  # its URL names are global
urlpatterns = [
    # Before the district's own pages: these two addresses are the platform's, in every district.
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("<slug:slug>/", views.page_detail, name="page"),
]

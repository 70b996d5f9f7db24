from django.urls import path

from . import views_manage as views

PREFIX = "open-data/"
urlpatterns = [
    path("", views.edit_settings, name="settings"),
]

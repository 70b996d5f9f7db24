from django.urls import path

from . import views_manage as views

app_name = "opendata_manage"
urlpatterns = [
    path("", views.edit_settings, name="settings"),
]

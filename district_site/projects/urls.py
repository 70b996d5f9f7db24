from django.urls import path

from . import views

urlpatterns = [
    path("", views.project_list, name="list"),
    path("map/", views.project_map, name="map"),
    path("<str:code>/", views.project_detail, name="detail"),
]

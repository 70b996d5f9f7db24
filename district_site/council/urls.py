from django.urls import path

from . import views

urlpatterns = [
    path("", views.council_list, name="list"),
]

from django.urls import path

from . import views_manage

app_name = "visits_manage"
urlpatterns = [path("", views_manage.overview, name="overview")]

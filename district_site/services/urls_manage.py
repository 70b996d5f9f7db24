from django.urls import path

from . import views_manage as views

app_name = "services_manage"
urlpatterns = [
    path("", views.service_list, name="list"),
    path("new/", views.service_create, name="create"),
    path("<int:pk>/", views.service_edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.unpublish, name="unpublish"),
    path("<int:pk>/delete/", views.service_delete, name="delete"),
]

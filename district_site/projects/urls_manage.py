from django.urls import path

from . import views_manage as views

app_name = "projects_manage"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_edit, name="edit"),
    path("<int:pk>/progress/", views.progress_add, name="progress"),
    path("<int:pk>/documents/", views.document_add, name="document_add"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.unpublish, name="unpublish"),
    path("documents/<int:pk>/remove/", views.document_remove, name="document_remove"),
]

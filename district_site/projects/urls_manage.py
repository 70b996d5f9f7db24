from django.urls import path

from .views_manage import ProjectConsole, document_add, progress_add

urlpatterns = [
    *ProjectConsole().urlpatterns(),
    path("<int:pk>/progress/", progress_add, name="progress"),
    path("<int:pk>/documents/", document_add, name="document_add"),
]

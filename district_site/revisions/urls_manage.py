from django.urls import path

from . import views

app_name = "revisions"
urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    path("<int:pk>/restore/", views.restore, name="restore"),
]

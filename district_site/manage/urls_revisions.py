"""The revisions console's URLs, in their own namespace ("revisions:audit_log") as before the
views moved here from revisions; the review queue is among them ("revisions:queue")."""

from django.urls import path

from . import views_review
from . import views_revisions as views

app_name = "revisions"
urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("review/", views_review.queue, name="queue"),
    path("review/<int:pk>/publish/", views_review.publish, name="publish_proposal"),
    path("review/<int:pk>/send-back/", views_review.send_back, name="send_back"),
]

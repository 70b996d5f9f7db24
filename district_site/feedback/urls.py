from django.urls import path

from . import views

urlpatterns = [
    path("", views.send, name="send"),
    path("track/", views.track, name="track_query"),
    path("track/<str:code>/", views.track, name="track"),
    path("answers/", views.answers, name="answers"),
]

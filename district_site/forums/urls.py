from django.urls import path

from . import views

urlpatterns = [
    path("", views.forum_list, name="list"),
    path("<int:pk>/", views.forum_detail, name="detail"),
    path("<int:pk>/minutes/", views.forum_minutes, name="minutes"),
    path("<int:pk>/calendar.ics", views.forum_calendar, name="calendar"),
    path("calendar.ics", views.upcoming_calendar, name="upcoming_calendar"),
]

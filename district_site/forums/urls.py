from django.urls import path

from . import views

app_name = "forums"
urlpatterns = [
    path("", views.forum_list, name="list"),
    path("<int:pk>/", views.forum_detail, name="detail"),
    path("<int:pk>/minutes/", views.forum_minutes, name="minutes"),
]

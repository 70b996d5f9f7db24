from django.urls import path

from . import views_manage as views

app_name = "council_manage"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_create, name="create"),
    path("<int:pk>/", views.member_edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.unpublish, name="unpublish"),
    path("<int:pk>/photo/remove/", views.photo_remove, name="photo_remove"),
]

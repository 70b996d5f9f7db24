from django.urls import path

from . import views_manage as views

app_name = "forums_manage"
urlpatterns = [
    path("", views.forum_list, name="list"),
    path("new/", views.forum_create, name="create"),
    path("<int:pk>/", views.forum_edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.unpublish, name="unpublish"),
    path("photos/<int:pk>/remove/", views.photo_remove, name="photo_remove"),
]

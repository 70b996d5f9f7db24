from django.urls import path

from . import views_manage as views

app_name = "news_manage"
urlpatterns = [
    path("", views.post_list, name="list"),
    path("new/", views.post_create, name="create"),
    path("<int:pk>/", views.post_edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.unpublish, name="unpublish"),
    path("photos/<int:pk>/remove/", views.photo_remove, name="photo_remove"),
]

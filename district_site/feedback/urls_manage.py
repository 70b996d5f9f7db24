from django.urls import path

from . import views_manage as views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/assign/", views.assign_to_me, name="assign"),
    path("<int:pk>/close/", views.close, name="close"),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "console"
urlpatterns = [
    path("", views.districts, name="districts"),
    path("login/", views.login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="console:login"), name="logout"),
    path("onboard/", views.onboard, name="onboard"),
    path("districts/<str:code>/", views.district_detail, name="district"),
    path("districts/<str:code>/<slug:action>/", views.district_action, name="district_action"),
]

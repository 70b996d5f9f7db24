from django.urls import path

from tenants.ratelimit import limited

from . import views

app_name = "console"
urlpatterns = [
    path("", views.districts, name="districts"),
    path("login/", limited("forms", methods=("POST",))(views.login), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("onboard/", views.onboard, name="onboard"),
    path("bulk/", views.bulk, name="bulk"),
    path("districts/<str:code>/", views.district_detail, name="district"),
    path("districts/<str:code>/suspend/", views.suspend, name="suspend"),
    path("districts/<str:code>/<slug:action>/", views.district_action, name="district_action"),
]

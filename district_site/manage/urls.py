from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "manage"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="manage:login"), name="logout"),
    path("pages/<int:pk>/", views.edit_page, name="edit_page"),
    path("pages/<int:pk>/publish/", views.publish_page, name="publish_page"),
    path("pages/<int:pk>/withdraw/", views.unpublish_page, name="unpublish_page"),
    path("contact-details/", views.edit_profile, name="edit_profile"),
    path("support/<str:token>/", views.support_entry, name="support"),
    path(
        "invitation/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="manage/set_password.html",
            success_url=reverse_lazy("manage:password_set"),
        ),
        name="invitation",
    ),
    path(
        "invitation/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="manage/password_set.html"),
        name="password_set",
    ),
]

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import passwords, views, views_officers

app_name = "manage"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="manage:login"), name="logout"),
    path("language/<str:language>/", views.switch_language, name="language"),
    path("manual/", views.manual_page, name="manual"),
    path("pages/<int:pk>/", views.edit_page, name="edit_page"),
    path("pages/<int:pk>/publish/", views.publish_page, name="publish_page"),
    path("pages/<int:pk>/withdraw/", views.unpublish_page, name="unpublish_page"),
    path("pages/<int:pk>/move/<str:direction>/", views.move_page, name="move_page"),
    path("contact-details/", views.edit_profile, name="edit_profile"),
    path("officers/", views_officers.officer_list, name="officers"),
    path("officers/<int:pk>/role/", views_officers.change_role, name="officer_role"),
    path("officers/<int:pk>/disable/", views_officers.disable, name="officer_disable"),
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
    path("password/reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="manage/password_reset_sent.html"),
        name="password_reset_sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="manage/set_password.html",
            success_url=reverse_lazy("manage:password_set"),
            extra_context={"resetting": True},
        ),
        name="password_reset_confirm",
    ),
]

"""The officer console's own screens, under /manage/ like every app's ``urls_manage.py``
(district_site.core.contributions: URLs): login, the dashboard, officers, two-step login."""

from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from tenants.ratelimit import limited

from . import passwords, two_step, views, views_officers, views_profile

# Every form citizens (or anyone) can post without logging in is limited per address.
posted = limited("forms", methods=("POST",))

PREFIX = ""
app_name = "manage"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", posted(views.LoginView.as_view()), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("language/<str:language>/", views.switch_language, name="language"),
    path("manual/", views.manual_page, name="manual"),
    path("two-step/", two_step.two_step, name="two_step"),
    path("two-step/qr.svg", two_step.qr_code, name="two_step_qr"),
    # The pages' console lives with the pages app; included here so its URLs keep their names
    # in this namespace (manage:edit_page).
    path("pages/", include("district_site.pages.urls_console")),
    path("contact-details/", views_profile.edit_profile, name="edit_profile"),
    path("photo-library/", views_profile.richtext_photos, name="richtext_photos"),
    path("officers/", views_officers.officer_list, name="officers"),
    path("officers/<int:pk>/role/", views_officers.change_role, name="officer_role"),
    path("officers/<int:pk>/disable/", views_officers.disable, name="officer_disable"),
    path("officers/<int:pk>/enable/", views_officers.enable, name="officer_enable"),
    path("support/<str:token>/", limited("forms")(views.support_entry), name="support"),
    path(
        "invitation/<uidb64>/<token>/",
        posted(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="manage/set_password.html",
                success_url=reverse_lazy("manage:password_set"),
            )
        ),
        name="invitation",
    ),
    path(
        "invitation/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="manage/password_set.html"),
        name="password_set",
    ),
    path("password/reset/", posted(passwords.PasswordResetView.as_view()), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="manage/password_reset_sent.html"),
        name="password_reset_sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        posted(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="manage/set_password.html",
                success_url=reverse_lazy("manage:password_set"),
                extra_context={"resetting": True},
            )
        ),
        name="password_reset_confirm",
    ),
]

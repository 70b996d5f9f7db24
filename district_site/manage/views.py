from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django_otp import login as otp_login

from district_site.core import contributions
from tenants import redirects, support

from . import manual, worklist
from .forms import OfficerLoginForm
from .roles import (
    HANDOVER_VERIFIED,
    can_publish,
    is_district_admin,
    officer_required,
)


class LoginView(redirects.SafeNextMixin, auth_views.LoginView):
    template_name = "manage/login.html"
    authentication_form = OfficerLoginForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("manage:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)  # logs in, with a new session key
        if form.device is not None:
            otp_login(self.request, form.device)
        return response


class LogoutView(redirects.SafeNextMixin, auth_views.LogoutView):
    next_page = "manage:login"


@officer_required()
def dashboard(request):
    return render(
        request,
        "manage/dashboard.html",
        {
            "can_publish": can_publish(request.user),
            "is_district_admin": is_district_admin(request.user),
            "todo": worklist.items(request),
            "sections": contributions.dashboard_sections(request),
            "console_links": contributions.menu_links("CONSOLE_LINKS"),
            "admin_console_links": contributions.menu_links("ADMIN_CONSOLE_LINKS"),
        },
    )


def support_entry(request, token):
    """Where a provincial admin's "enter as support" link lands (tenants.support)."""
    try:
        user = support.accept_handover(request.tenant, token)
    except support.HandoverRefused:
        return render(request, "manage/support_refused.html", status=403)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[HANDOVER_VERIFIED] = True
    return redirect("manage:dashboard")


@officer_required()
def manual_page(request):
    """The officer manual, in the console's language."""
    return render(
        request, "manage/manual.html", {"manual": mark_safe(manual.render(get_language()))}
    )


def switch_language(request, language):
    """The console's language switch: remember the officer's choice in Django's language cookie
    (ConsoleLanguageMiddleware reads it) and go back to the same screen. A plain link, not a
    form: it works the same on every phone, and changes nothing but how the console reads."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    response = redirect(redirects.next_from(request, "manage:dashboard", prefixes=("/manage/",)))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response

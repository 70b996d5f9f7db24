from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from district_site.pages import actions as page_actions
from district_site.pages.models import Page
from tenants import support

from . import editing, manual, worklist
from .forms import OfficerLoginForm, PageForm
from .roles import PUBLISHERS, can_publish, is_district_admin, officer_required


class LoginView(auth_views.LoginView):
    template_name = "manage/login.html"
    authentication_form = OfficerLoginForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("manage:dashboard")


@officer_required()
def dashboard(request):
    return render(
        request,
        "manage/dashboard.html",
        {
            "pages": Page.objects.all(),
            "can_publish": can_publish(request.user),
            "is_district_admin": is_district_admin(request.user),
            "todo": worklist.items(request),
        },
    )


@officer_required()
def edit_page(request, pk):
    page = get_object_or_404(Page, pk=pk)
    form = PageForm(request.POST or None, instance=Page.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        editing.save_edit(request, page, {f: form.cleaned_data[f] for f in PageForm.Meta.fields})
        return redirect("manage:edit_page", pk=page.pk)
    return render(
        request,
        "manage/page_form.html",
        {"form": form, "page": page, **editing.edit_context(request, page)},
    )


publish_page = editing.publish_view(Page, publish=True)
unpublish_page = editing.publish_view(Page, publish=False)


def support_entry(request, token):
    """Where a provincial admin's "enter as support" link lands (tenants.support)."""
    try:
        user = support.accept_handover(request.tenant, token)
    except support.HandoverRefused:
        return render(request, "manage/support_refused.html", status=403)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("manage:dashboard")


@officer_required(PUBLISHERS)
def edit_profile(request):
    """The district's contact details and Facebook page (district administrators and
    publishers: what appears on every page is a publication)."""
    from district_site.core import actions as core_actions
    from district_site.core.models import DistrictProfile

    from .forms_profile import ProfileForm

    profile = DistrictProfile.current()
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        core_actions.update_profile(by=request.user, **form.details())
        if form.cleaned_data.get("remove_photo"):
            core_actions.remove_photo(by=request.user)
        if form.cleaned_data["photo"]:
            core_actions.set_photo(form.cleaned_data["photo"], by=request.user)
            messages.success(
                request,
                _("The contact details were saved. The photo appears in a minute, once resized."),
            )
        else:
            messages.success(request, _("The contact details were saved."))
        return redirect("manage:dashboard")
    return render(request, "manage/profile_form.html", {"form": form, "profile": profile})


@officer_required()
def manual_page(request):
    """The officer manual, in the console's language."""
    return render(
        request, "manage/manual.html", {"manual": mark_safe(manual.render(get_language()))}
    )


@require_POST
@officer_required(PUBLISHERS)
def move_page(request, pk, direction):
    """Move a page one place up or down the site's menu (publishers: the menu is public)."""
    if direction not in ("up", "down"):
        raise Http404
    page = get_object_or_404(Page, pk=pk)
    page_actions.move_in_menu(page, up=direction == "up")
    messages.success(request, _("The menu order was saved."))
    return redirect("manage:dashboard")


def switch_language(request, language):
    """The console's language switch: remember the officer's choice in Django's language cookie
    (ConsoleLanguageMiddleware reads it) and go back to the same screen. A plain link, not a
    form: it works the same on every phone, and changes nothing but how the console reads."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    back = request.GET.get("next", "")
    if not back.startswith("/manage/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("manage:dashboard")
    response = redirect(back)
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

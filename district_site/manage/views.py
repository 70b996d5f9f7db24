from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from district_site.pages import actions as page_actions
from district_site.pages.models import Page
from tenants import support

from .forms import PageForm


@login_required
def dashboard(request):
    return render(request, "manage/dashboard.html", {"pages": Page.objects.all()})


@login_required
def edit_page(request, pk):
    page = get_object_or_404(Page, pk=pk)
    form = PageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        page_actions.update_page(
            page, by=request.user, **{f: form.cleaned_data[f] for f in form.changed_data}
        )
        messages.success(request, _("The page was saved."))
        return redirect("manage:dashboard")
    return render(request, "manage/page_form.html", {"form": form, "page": page})


def support_entry(request, token):
    """Where a provincial admin's "enter as support" link lands (tenants.support)."""
    try:
        user = support.accept_handover(request.tenant, token)
    except support.HandoverRefused:
        return render(request, "manage/support_refused.html", status=403)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("manage:dashboard")


@login_required
def edit_profile(request):
    """The district's contact details and Facebook page (district administrators and
    publishers: what appears on every page is a publication)."""
    from district_site.core import actions as core_actions
    from district_site.core.models import DistrictProfile
    from tenants.models import OfficerRole

    from .forms_profile import ProfileForm

    if not request.user.groups.filter(
        name__in=[OfficerRole.DISTRICT_ADMIN, OfficerRole.PUBLISHER]
    ).exists():
        raise PermissionDenied
    form = ProfileForm(request.POST or None, instance=DistrictProfile.current())
    if request.method == "POST" and form.is_valid():
        core_actions.update_profile(by=request.user, **form.cleaned_data)
        messages.success(request, _("The contact details were saved."))
        return redirect("manage:dashboard")
    return render(request, "manage/profile_form.html", {"form": form})

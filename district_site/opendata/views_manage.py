"""The district administrator's open data settings in the console."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from district_site.manage.roles import ADMINS, officer_required

from . import actions
from .forms import SettingsForm
from .models import OpenDataSettings


@officer_required(ADMINS)
def edit_settings(request):
    form = SettingsForm(request.POST or None, instance=OpenDataSettings.current())
    if request.method == "POST" and form.is_valid():
        actions.choose_licence(form.cleaned_data["licence"], actor=request.user)
        messages.success(request, _("The open data licence was saved."))
        return redirect("opendata_manage:settings")
    return render(request, "opendata/manage/settings.html", {"form": form})

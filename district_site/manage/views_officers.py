"""The district administrator's screen of the district's officers."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import officers
from .forms_officers import InviteForm, RoleForm
from .roles import ADMINS, officer_required


@officer_required(ADMINS)
def officer_list(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            officer = officers.invite(request.tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.message_dict.get("email", error.messages):
                form.add_error("email", message)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s. The link works for 7 days.")
                % {"email": officer.email},
            )
            return redirect("manage:officers")
    accounts = list(officers.officers())
    for account in accounts:
        account.role_form = RoleForm(initial={"role": account.role}, prefix=f"officer{account.pk}")
    return render(request, "manage/officers.html", {"officers": accounts, "form": form})


def _officer(pk):
    return get_object_or_404(get_user_model(), pk=pk)


@require_POST
@officer_required(ADMINS)
def change_role(request, pk):
    officer = _officer(pk)
    form = RoleForm(request.POST, prefix=f"officer{officer.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles in the list."))
        return redirect("manage:officers")
    try:
        if officers.change_role(
            request.tenant, officer, form.cleaned_data["role"], actor=request.user
        ):
            messages.success(
                request, _("The role of %(email)s was changed.") % {"email": officer.email}
            )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("manage:officers")


@require_POST
@officer_required(ADMINS)
def disable(request, pk):
    officer = _officer(pk)
    try:
        if officers.disable(request.tenant, officer, actor=request.user):
            messages.success(
                request,
                _("%(email)s can no longer log in. Their work and its history stay.")
                % {"email": officer.email},
            )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("manage:officers")


@require_POST
@officer_required(ADMINS)
def enable(request, pk):
    officer = _officer(pk)
    if officers.enable(request.tenant, officer, actor=request.user):
        messages.success(
            request,
            _("%(email)s can log in again, with the role they had.") % {"email": officer.email},
        )
    return redirect("manage:officers")

"""Officers' side of the council page: list, add, edit with a photo, publish."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from district_site.manage import editing
from district_site.manage.roles import PUBLISHERS, can_publish, officer_required

from . import actions
from .forms import CouncilMemberForm
from .models import CouncilMember


@officer_required()
def member_list(request):
    return render(request, "council/manage/list.html", {"members": CouncilMember.objects.all()})


@officer_required()
def member_create(request):
    form = CouncilMemberForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        member = CouncilMember(**form.content())
        actions.create_member(member, photo=form.cleaned_data["photo"], by=request.user)
        messages.success(
            request, _("Saved as a draft. Citizens will see it once a publisher publishes it.")
        )
        return redirect(member.get_manage_url())
    return render(request, "council/manage/form.html", {"form": form, "member": None})


@officer_required()
def member_edit(request, pk):
    member = get_object_or_404(CouncilMember, pk=pk)
    form = CouncilMemberForm(request.POST or None, request.FILES or None, instance=member)
    if request.method == "POST" and form.is_valid():
        photo = form.cleaned_data["photo"]
        if photo and member.is_published and not can_publish(request.user):
            # A photo is not kept as a revision: on a published member it would reach
            # citizens without a publisher, so only publishers change it.
            messages.error(
                request,
                _("Only a publisher or the district administrator can change a published photo."),
            )
            photo = None
        outcome = actions.edit_member(
            member,
            form.content(),
            photo=photo,
            by=request.user,
            may_publish=can_publish(request.user),
        )
        editing.saved_message(request, outcome)
        return redirect(member.get_manage_url())
    if request.method == "POST":
        member = CouncilMember.objects.get(pk=pk)
    return render(
        request,
        "council/manage/form.html",
        {"form": form, "member": member, **editing.edit_context(request, member)},
    )


@require_POST
@officer_required(PUBLISHERS)
def photo_remove(request, pk):
    member = get_object_or_404(CouncilMember, pk=pk)
    actions.remove_photo(member)
    messages.success(request, _("The photo was removed."))
    return redirect(member.get_manage_url())


publish = editing.publish_view(CouncilMember, publish=True)
unpublish = editing.publish_view(CouncilMember, publish=False)

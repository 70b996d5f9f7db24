"""The district profile console: contact details, Facebook page and photo, shown on every
citizen page; and the rich text editor's photo library (core/richtext.py). The profile, its
actions and its form are core's; the screens are the console's, so core never reaches up into
manage (their URLs: ``manage:edit_profile``, ``manage:richtext_photos``)."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from district_site.core import actions, richtext
from district_site.core.forms import ProfileForm
from district_site.core.models import DistrictProfile

from .roles import PUBLISHERS, officer_required


@officer_required(PUBLISHERS)
def edit_profile(request):
    """The district's contact details and Facebook page (district administrators and
    publishers: what appears on every page is a publication)."""
    profile = DistrictProfile.current()
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        actions.update_profile(actor=request.user, **form.details())
        if form.cleaned_data.get("remove_photo"):
            actions.remove_photo(actor=request.user)
        if form.cleaned_data["photo"]:
            actions.set_photo(form.cleaned_data["photo"], actor=request.user)
            messages.success(
                request,
                _("The contact details were saved. The photo appears in a minute, once resized."),
            )
        else:
            messages.success(request, _("The contact details were saved."))
        return redirect("manage:dashboard")
    return render(request, "core/profile_form.html", {"form": form, "profile": profile})


@officer_required()
def richtext_photos(request):
    """The photos the rich text editor's chooser offers (core/richtext.py, library_photos)."""
    return JsonResponse({"photos": richtext.library_photos()})

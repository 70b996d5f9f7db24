"""The console's view of revisions: restoring one, and the district's audit log."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from district_site.manage.roles import ADMINS, can_publish, officer_required

from . import actions
from .models import Revision


@require_POST
@officer_required()
def restore(request, pk):
    revision = get_object_or_404(Revision, pk=pk)
    if not revision.can_be_restored:
        messages.error(request, _("This version cannot be restored."))
        return redirect("revisions:audit_log")
    outcome = actions.restore(revision, by=request.user, may_publish=can_publish(request.user))
    if outcome.applied:
        messages.success(request, _("The earlier version was restored."))
    else:
        messages.success(
            request,
            _(
                "The earlier version is saved as a draft change. A publisher must publish it "
                "before citizens see it."
            ),
        )
    obj = revision.content_type.get_object_for_this_type(pk=revision.object_id)
    return redirect(obj.get_manage_url())


@officer_required(ADMINS)
def audit_log(request):
    """Every change in the district's content, newest first: for the district administrator."""
    page = Paginator(Revision.objects.select_related("content_type"), 50).get_page(
        request.GET.get("page")
    )
    from district_site.manage.models import OfficerEvent

    return render(
        request,
        "revisions/audit_log.html",
        {"page_obj": page, "officer_events": OfficerEvent.objects.all()[:100]},
    )

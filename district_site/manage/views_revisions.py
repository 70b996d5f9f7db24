"""The console's view of revisions: restoring one, and the district's audit log (revisions and
officers' events together). Here, not in revisions: revisions records changes and knows no
console; the console shows them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from district_site.revisions import actions
from district_site.revisions.models import Revision

from . import editing
from .models import OfficerEvent
from .roles import ADMINS, can_publish, officer_required

RESTORED = gettext_lazy("The earlier version was restored.")
RESTORED_AS_DRAFT = gettext_lazy(
    "The earlier version is saved as a draft change. A publisher must publish it "
    "before citizens see it."
)


@require_POST
@officer_required()
def restore(request, pk):
    revision = get_object_or_404(Revision, pk=pk)
    if not revision.can_be_restored:
        messages.error(request, _("This version cannot be restored."))
        return redirect("revisions:audit_log")
    obj = revision.content_type.get_object_for_this_type(pk=revision.object_id)
    try:
        outcome = actions.restore(
            revision, actor=request.user, may_publish=can_publish(request.user)
        )
    except actions.NotPending:
        messages.error(request, _("This change was already published or sent back."))
    else:
        editing.saved_message(request, outcome, RESTORED, RESTORED_AS_DRAFT)
    return redirect(obj.get_manage_url())


@officer_required(ADMINS)
def audit_log(request):
    """Every change in the district's content, newest first: for the district administrator."""
    page = Paginator(Revision.objects.select_related("content_type"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "revisions/audit_log.html",
        {"page_obj": page, "officer_events": OfficerEvent.objects.all()[:100]},
    )

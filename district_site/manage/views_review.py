"""The review queue: editors' changes to what is on the site, waiting for a publisher, each with
who asked, when, and what it changes; the publisher publishes it or sends it back with a comment
for its author (district_site.revisions.actions: the review queue)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from district_site.revisions import actions
from district_site.revisions.models import Revision
from tenants.visible_text import VisibleTextMixin

from .roles import PUBLISHERS, officer_required


class SendBackForm(VisibleTextMixin, forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("What should the author change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


def _entries():
    """Each waiting proposal with its item (None when the item is gone: nothing to publish)."""
    entries = []
    for proposal in actions.pending():
        try:
            item = proposal.content_type.get_object_for_this_type(pk=proposal.object_id)
        except ObjectDoesNotExist:
            item = None
        entries.append(
            {
                "proposal": proposal,
                "item": item,
                "kind": proposal.content_type.model_class()._meta.verbose_name,
                "form": SendBackForm(prefix=proposal.pk),
            }
        )
    return entries


@officer_required(PUBLISHERS)
def queue(request):
    return render(request, "manage/review_queue.html", {"entries": _entries()})


@require_POST
@officer_required(PUBLISHERS)
def publish(request, pk):
    proposal = get_object_or_404(Revision, pk=pk, action=Revision.Action.PROPOSED)
    try:
        actions.publish_proposal(proposal, actor=request.user)
    except actions.NotPending:
        messages.error(request, _("This change was already published or sent back."))
    else:
        messages.success(request, _("The change is published: citizens see it now."))
    return redirect("revisions:queue")


@require_POST
@officer_required(PUBLISHERS)
def send_back(request, pk):
    proposal = get_object_or_404(Revision, pk=pk, action=Revision.Action.PROPOSED)
    form = SendBackForm(request.POST, prefix=pk)
    if not form.is_valid():
        messages.error(request, _("Write a comment for the author before sending the change back."))
        return redirect("revisions:queue")
    try:
        actions.send_back(proposal, comment=form.cleaned_data["comment"], actor=request.user)
    except actions.NotPending:
        messages.error(request, _("This change was already published or sent back."))
    else:
        messages.success(request, _("The change was sent back. Its author will see your comment."))
    return redirect("revisions:queue")

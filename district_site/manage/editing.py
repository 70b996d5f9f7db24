"""What every console edit screen shares: saving through revisions with the right message, and
the publish / withdraw buttons, which only publishers and the district administrator have."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from district_site.revisions import actions as revisions

from .roles import PUBLISHERS, can_publish, officer_required


def save_edit(request, obj, fields):
    """Save an officer's edit of existing content, or keep it as a draft change for a
    publisher when the content is on the site and the officer is an editor."""
    outcome = revisions.change(
        obj, fields, actor=request.user, may_publish=can_publish(request.user)
    )
    saved_message(request, outcome)
    return outcome


SAVED = gettext_lazy("Your changes were saved.")
DRAFTED = gettext_lazy(
    "Your changes are saved as a draft. A publisher or the district administrator "
    "must publish them before citizens see them."
)


def saved_message(request, outcome, saved=SAVED, drafted=DRAFTED):
    """Tell the officer whether citizens see the change now (``saved``) or it waits for a
    publisher (``drafted``)."""
    messages.success(request, str(saved if outcome.applied else drafted))


def save_new(request, obj):
    """Save new content as a draft: it reaches citizens only when a publisher publishes it."""
    obj.is_published = False
    revisions.create(obj, actor=request.user)
    messages.success(
        request, _("Saved as a draft. Citizens will see it once a publisher publishes it.")
    )


def publish_view(model, *, publish):
    """A POST-only view that publishes (or withdraws) one ``model`` row."""

    @require_POST
    @officer_required(PUBLISHERS)
    def view(request, pk):
        obj = get_object_or_404(model, pk=pk)
        revisions.set_published(obj, publish, actor=request.user)
        messages.success(
            request,
            _("Published: citizens can see it now.")
            if publish
            else _("Withdrawn: citizens no longer see it."),
        )
        return redirect(obj.get_manage_url())

    return view


def edit_context(request, obj):
    return {
        "history": revisions.history(obj) if obj.pk else [],
        "can_publish": can_publish(request.user),
        # Said next to the publish buttons, not only in a collapsed history entry.
        "change_waiting": bool(obj.pk) and obj.pk in revisions.pending_ids(type(obj)),
    }

"""The console's own line in "what needs doing": editors' changes waiting for a publisher."""

from django.urls import reverse
from django.utils.translation import ngettext

from district_site.revisions import actions as revisions

from .roles import can_publish
from .worklist import URGENT, Todo


def items(request):
    if not can_publish(request.user):
        return
    count = revisions.pending().count()
    if count:
        yield Todo(
            ngettext(
                "%(count)d change by an editor is waiting for review",
                "%(count)d changes by editors are waiting for review",
                count,
            )
            % {"count": count},
            reverse("revisions:queue"),
            # Citizens read the old text until a publisher decides, and the editor waits.
            URGENT,
        )

"""Officers' side of the council page: list, add, edit with a photo, publish
(district_site.content.console)."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from district_site.content.console import Console, Removal
from district_site.manage.roles import PUBLISHERS

from . import actions
from .forms import CouncilMemberForm
from .models import CouncilMember


class CouncilConsole(Console):
    model = CouncilMember
    form_class = CouncilMemberForm
    labels = (_("Governor and council"), _("Add a council member"), _("Edit council member"))
    # The photo is kept in the member's own fields, outside revisions: only publishers remove
    # it (the form shows them the button).
    removals = (
        Removal(
            CouncilMember, actions.remove_photo, route="<int:pk>/photo/remove/", allowed=PUBLISHERS
        ),
    )

    def create(self, request, member, form):
        actions.create_member(member, photo=form.cleaned_data["photo"], actor=request.user)

    def change(self, request, member, fields, form, may_publish):
        photo = form.cleaned_data["photo"]
        if photo and member.is_published and not may_publish:
            # A photo is not kept as a revision: on a published member it would reach
            # citizens without a publisher, so only publishers change it.
            messages.error(
                request,
                _("Only a publisher or the district administrator can change a published photo."),
            )
            photo = None
        return actions.edit_member(
            member, fields, photo=photo, actor=request.user, may_publish=may_publish
        )

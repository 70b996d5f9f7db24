"""Officers' side of forums: announce one (date, venue, agenda), then, once its date has come,
report it (attendance, questions raised, minutes, photos) on the report form; publish
(district_site.content.console)."""

from django.utils.translation import gettext_lazy as _

from district_site.content.console import Console, Removal

from . import actions
from .forms import ForumForm, ForumReportForm, QuestionFormSet, question_rows
from .models import Forum, ForumPhoto


class ForumConsole(Console):
    model = Forum
    form_class = ForumForm
    labels = (_("Forums"), _("Announce a forum"), _("Edit forum"))
    list_limit = 200
    removals = (Removal(ForumPhoto, actions.remove_photo, parent="forum"),)

    def forms(self, request, stored):
        """The announcement form until the forum's date; the report form from then on."""
        if stored is None or not stored.is_held:
            return super().forms(request, stored)
        data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
        return {
            "form": ForumReportForm(data, files, instance=Forum.objects.get(pk=stored.pk)),
            "questions": QuestionFormSet(data, prefix="questions", initial=stored.questions),
        }

    def content(self, forms):
        content = forms["form"].content()
        if "questions" in forms:
            content["questions"] = question_rows(forms["questions"])
        return content

    def create(self, request, forum, form):
        actions.create_forum(forum, **form.uploads(), actor=request.user)

    def change(self, request, forum, fields, form, may_publish):
        return actions.edit_forum(
            forum,
            fields,
            **form.uploads(),
            actor=request.user,
            may_publish=may_publish,
        )

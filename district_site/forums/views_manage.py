"""Officers' side of forums: announce one, then report it (attendance, questions raised,
minutes, photos); publish."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from district_site.manage import editing
from district_site.manage.roles import can_publish, officer_required

from . import actions
from .forms import ForumForm, QuestionFormSet, question_rows
from .models import Forum, ForumPhoto

PREFIX = "questions"


def _warn_if_cleaned(request, form):
    if form.removed_unsafe:
        messages.warning(
            request,
            _(
                "Scripts and other unsafe code were removed from the text. Check that the "
                "text still reads as you meant."
            ),
        )


def _forms(request, forum=None):
    data, upload = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    # The form gets a copy: rejected values must not show as the stored forum.
    instance = Forum.objects.get(pk=forum.pk) if forum else None
    form = ForumForm(data, upload, instance=instance)
    questions = QuestionFormSet(data, prefix=PREFIX, initial=forum.questions if forum else None)
    return form, questions


def _upload_kwargs(form):
    return {
        "minutes": form.cleaned_data["minutes_pdf"],
        "minutes_size": form.pdf_sizes.get("minutes_pdf", 0),
        "photo": form.cleaned_data["photo"],
    }


@officer_required()
def forum_list(request):
    return render(request, "forums/manage/list.html", {"forums": Forum.objects.all()[:200]})


@officer_required()
def forum_create(request):
    form, questions = _forms(request)
    # `&`, not `and`: the form and the question rows are both checked, so all errors show at once.
    if request.method == "POST" and form.is_valid() & questions.is_valid():
        forum = Forum(**form.content(), questions=question_rows(questions))
        actions.create_forum(forum, **_upload_kwargs(form), by=request.user)
        messages.success(
            request, _("Saved as a draft. Citizens will see it once a publisher publishes it.")
        )
        _warn_if_cleaned(request, form)
        return redirect(forum.get_manage_url())
    return render(
        request, "forums/manage/form.html", {"form": form, "questions": questions, "forum": None}
    )


@officer_required()
def forum_edit(request, pk):
    forum = get_object_or_404(Forum, pk=pk)
    form, questions = _forms(request, forum)
    if request.method == "POST" and form.is_valid() & questions.is_valid():
        outcome = actions.edit_forum(
            forum,
            {**form.content(), "questions": question_rows(questions)},
            **_upload_kwargs(form),
            by=request.user,
            may_publish=can_publish(request.user),
        )
        editing.saved_message(request, outcome)
        _warn_if_cleaned(request, form)
        return redirect(forum.get_manage_url())
    return render(
        request,
        "forums/manage/form.html",
        {
            "form": form,
            "questions": questions,
            "forum": forum,
            **editing.edit_context(request, forum),
        },
    )


@require_POST
@officer_required()
def photo_remove(request, pk):
    photo = get_object_or_404(ForumPhoto.objects.select_related("forum"), pk=pk)
    forum = photo.forum
    if forum.is_published and not can_publish(request.user):
        messages.error(
            request,
            _("Only a publisher or the district administrator can remove a published photo."),
        )
    else:
        actions.remove_photo(photo)
        messages.success(request, _("The photo was removed."))
    return redirect(forum.get_manage_url())


publish = editing.publish_view(Forum, publish=True)
unpublish = editing.publish_view(Forum, publish=False)

"""Officers' side: the feedback inbox in the console."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from district_site.manage.roles import PUBLISHERS, can_publish, officer_required
from tenants.gazetteer.models import AdministrativeUnit

from . import actions, stats
from .forms import ReplyForm
from .models import Feedback


@officer_required()
def inbox(request):
    status = request.GET.get("status", "open")
    items = Feedback.objects.select_related("assigned_to")
    if status == "open":
        items = items.filter(status__in=[Feedback.Status.NEW, Feedback.Status.ASSIGNED])
    elif status in Feedback.Status.values:
        items = items.filter(status=status)
    count, oldest = stats.waiting()
    return render(
        request,
        "feedback/manage/inbox.html",
        {
            "items": items[:200],
            "status": status,
            "statuses": Feedback.Status.choices,
            "waiting": count,
            "oldest": oldest,
            "median_hours": stats.median_answer_hours(),
        },
    )


@officer_required()
def detail(request, pk):
    feedback = get_object_or_404(Feedback, pk=pk)
    form = ReplyForm(
        request.POST or None,
        initial={"reply": feedback.reply, "publish": feedback.reply_published},
    )
    if request.method == "POST" and form.is_valid():
        publish = form.cleaned_data["publish"]
        if publish and not can_publish(request.user):
            form.add_error(
                "publish",
                _(
                    "Only a publisher or the district administrator can "
                    "publish an answer. Save it unpublished; they will see it."
                ),
            )
        else:
            actions.answer_feedback(
                feedback, reply=form.cleaned_data["reply"], publish=publish, actor=request.user
            )
            messages.success(request, _("The answer was saved."))
            return redirect("feedback_manage:detail", pk=feedback.pk)
    # The commune by its name: its NCDD code means nothing to the officer answering.
    commune = AdministrativeUnit.objects.filter(code=feedback.commune_code).first()
    return render(
        request,
        "feedback/manage/detail.html",
        {
            "feedback": feedback,
            "form": form,
            "commune": commune,
            # Taking a message one has already taken is no action: the button goes.
            "may_take": feedback.assigned_to_id != request.user.pk,
        },
    )


@require_POST
@officer_required()
def assign_to_me(request, pk):
    actions.assign_feedback(get_object_or_404(Feedback, pk=pk), to=request.user)
    return redirect("feedback_manage:detail", pk=pk)


@require_POST
@officer_required(PUBLISHERS)
def close(request, pk):
    actions.close_feedback(get_object_or_404(Feedback, pk=pk), actor=request.user)
    return redirect("feedback_manage:inbox")

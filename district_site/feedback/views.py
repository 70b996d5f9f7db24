"""Citizens' side: send feedback, follow it with its code, read published answers."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from district_site.core.page_cache import cached_page
from tenants import ratelimit
from tenants.ratelimit import client_address

from . import actions, stats
from .forms import FeedbackForm
from .models import Feedback

# Accepted messages per address and district, counted by tenants.ratelimit (in the database,
# so the limit holds when Redis is down). Every POST also counts towards the "forms" limit.
ACCEPTED = "feedback"


def _over_limit(request):
    return ratelimit.count(ACCEPTED, client_address(request)) >= settings.FEEDBACK_PER_HOUR


def _count_message(request):
    ratelimit.hit(ACCEPTED, client_address(request), limit=settings.FEEDBACK_PER_HOUR, seconds=3600)


@ratelimit.limited("forms", methods=("POST",))
def send(request):
    """The feedback form. Only accepted messages count towards the hourly limit, so a citizen
    correcting a mistake is never locked out; on any refusal the form comes back filled in."""
    form = FeedbackForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            # A bot filled the field people never see: thank it and store nothing.
            return render(request, "feedback/sent.html", {"feedback": None})
        if _over_limit(request):
            messages.error(
                request,
                _(
                    "Many messages came from your connection in the last hour. Please try "
                    "again later; your text is still below."
                ),
            )
            status = 429
        else:
            data = form.cleaned_data
            feedback = actions.receive_feedback(
                category=data["category"],
                message=data["message"],
                commune_code=data["commune_code"],
                contact=data["contact"],
                photo=data["photo"],
            )
            _count_message(request)
            return render(request, "feedback/sent.html", {"feedback": feedback})
    elif request.method == "POST":
        status = 400
    # A browser never fills a file field again: say so, rather than let the photo vanish.
    photo_dropped = request.method == "POST" and bool(request.FILES.get("photo"))
    return render(
        request,
        "feedback/send.html",
        {"form": form, "photo_dropped": photo_dropped},
        status=status,
    )


@ratelimit.limited("tracking")
def track(request, code=None):
    code = (code or request.GET.get("code", "")).strip().upper()
    if code and len(code) == 8 and "-" not in code:
        code = f"{code[:4]}-{code[4:]}"
    if not code:
        return redirect("feedback:send")
    feedback = Feedback.objects.filter(tracking_code=code).first()
    if feedback is None:
        # Not the site's general 404: the citizen mistyped a code, and can type it again here.
        return render(
            request,
            "feedback/send.html",
            {"form": FeedbackForm(), "unknown_code": code[:12]},
            status=404,
        )
    return render(request, "feedback/track.html", {"feedback": feedback})


@cached_page
def answers(request):
    published = Feedback.objects.filter(reply_published=True).exclude(reply="")
    return render(
        request,
        "feedback/answers.html",
        {"answers": published[:50], "median_wait": _wait(stats.median_answer_hours())},
    )


def _wait(hours):
    """The median answer time as citizens say it: in hours up to two days, then in days."""
    if hours is None:
        return None
    if hours < 48:
        return ngettext("%(count)d hour", "%(count)d hours", max(1, round(hours))) % {
            "count": max(1, round(hours))
        }
    return ngettext("%(count)d day", "%(count)d days", round(hours / 24)) % {
        "count": round(hours / 24)
    }

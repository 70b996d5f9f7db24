"""Citizens' forum pages: Khmer at /forums/, English at /en/forums/. Announced forums (published,
still to come) are listed first so citizens can attend; held forums follow, newest first."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from district_site.core.page_cache import cached_page

from . import calendar
from .models import Forum


@cached_page
def forum_list(request):
    visible = Forum.objects.visible()
    return render(
        request,
        "forums/forum_list.html",
        {"upcoming": visible.upcoming(), "past": visible.past()[:50]},
    )


@cached_page
def forum_detail(request, pk):
    forum = get_object_or_404(Forum.objects.visible().prefetch_related("photos"), pk=pk)
    return render(request, "forums/forum_detail.html", {"forum": forum})


@require_safe
def forum_minutes(request, pk):
    """A lasting address of a published forum's minutes, as open data names it: the stored
    file's own link may expire (presigned on S3), so this sends to a fresh one each time."""
    forum = get_object_or_404(Forum.objects.visible(), pk=pk)
    if not forum.minutes:
        raise Http404
    return redirect(forum.minutes_url)


ICS = "text/calendar; charset=utf-8"


@require_safe
def forum_calendar(request, pk):
    """One forum as an .ics file: a phone opens it in its calendar app to add the event."""
    forum = get_object_or_404(Forum.objects.visible(), pk=pk)
    body = calendar.calendar(
        [forum],
        request.tenant,
        name=_("Public forum of %(district)s district") % {"district": request.tenant.name},
    )
    response = HttpResponse(body, content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="forum-{forum.pk}.ics"'
    return response


@require_safe
def upcoming_calendar(request):
    """The coming forums as a calendar feed: subscribed to once, a calendar app shows every
    forum the district announces later."""
    body = calendar.calendar(
        Forum.objects.visible().upcoming(),
        request.tenant,
        name=_("Public forums of %(district)s district") % {"district": request.tenant.name},
    )
    return HttpResponse(body, content_type=ICS)

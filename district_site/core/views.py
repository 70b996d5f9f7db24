from django.db import connection
from django.shortcuts import render

from district_site.feedback.models import Feedback
from district_site.pages.models import Page

from . import contributions
from .page_cache import cached_page


@cached_page
def home(request):
    answers = Feedback.objects.filter(reply_published=True).exclude(reply="")[:3]
    return render(
        request,
        "core/home.html",
        {
            "district": request.tenant,
            "page": Page.objects.published().filter(slug="home").first(),
            "contact": Page.objects.published().filter(slug="contact").first(),
            "answers": answers,
            "sections": contributions.home_sections(request),
        },
    )


def page_not_found(request, exception):
    return render(request, "core/404.html", {"district": request.tenant}, status=404)


def server_error(request):
    # Rendered without a request context: a failing context processor must not hide the page.
    return render(request, "core/500.html", {"district": connection.tenant}, status=500)

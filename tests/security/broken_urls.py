"""A URL conf with a view that fails on what it is given, as the walk's own check: the walk
must report it (test_url_walk.test_the_walk_reports_a_view_that_fails)."""

from django.http import HttpResponse
from django.urls import path


def fragile(request, code):
    if len(code) > 100:
        raise ValueError("a view that trusts its input")
    return HttpResponse("ok")


urlpatterns = [
    path("fragile/<str:code>/", fragile, name="fragile"),
    path("a/", lambda request: HttpResponse("a"), name="a"),
    path("b/", lambda request: HttpResponse("b"), name="b"),
    path("c/", lambda request: HttpResponse("c"), name="c"),
    path("d/", lambda request: HttpResponse("d"), name="d"),
    path("e/", lambda request: HttpResponse("e"), name="e"),
]

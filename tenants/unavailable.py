"""What a request gets while PostgreSQL is away (restarting, failing over, refusing
connections): a short 503 page in Khmer and English with ``Retry-After``, never a 500 or a hang.

Django turns an exception raised anywhere in a request (a middleware reading the session, a
view) into a call of the URL conf's ``handler500``; both URL confs' handlers ask
``database_unavailable()`` first. The page is rendered without a request context and without
the database. A form sent during the outage comes back on the page, filled in, with a button to
send it again: nothing the citizen typed is lost (passwords and codes excepted).

The log gets one warning when the outage starts and one when a connection is made again
(``connection_created``), not a traceback per request.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.template.loader import render_to_string

from .resilience import breaker_for

RETRY_AFTER_SECONDS = 30
# Fields never written back into a page.
SECRET_FIELDS = ("password", "token", "otp", "code")


def _breaker():
    return breaker_for("PostgreSQL", RETRY_AFTER_SECONDS)


def database_unavailable():
    """The exception being handled, if it says the database cannot be reached or answered
    too late (connect_timeout, statement_timeout, lock_timeout)."""
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        return exc
    return None


def page(request, exc, *, reason="database"):
    """The 503 page; ``reason`` is "database" or "storage" (what the visitor is told)."""
    if reason == "database":
        _breaker().failed(exc)
    kept = []
    if request.method == "POST":
        kept = [
            (name, value)
            for name, values in request.POST.lists()
            for value in values
            if name == "csrfmiddlewaretoken"
            or not any(secret in name.lower() for secret in SECRET_FIELDS)
        ]
    html = render_to_string(
        "tenants/unavailable.html",
        {
            "kept": kept,
            "shown": [v for name, v in kept if name != "csrfmiddlewaretoken" and v.strip()],
            "action": request.get_full_path(),
            "retry_after": RETRY_AFTER_SECONDS,
            "reason": reason,
        },
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Logged once per outage above, not as an error with a traceback per request.
    response._has_been_logged = True
    return response


def _reconnected(sender, connection, **kwargs):
    _breaker().succeeded()


connection_created.connect(_reconnected, dispatch_uid="database-back")


def server_error(request):
    """The platform's handler500: the 503 page during a database outage, else Django's own."""
    exc = database_unavailable()
    if exc is not None:
        return page(request, exc)
    from django.views.defaults import server_error as default

    return default(request)


class StorageUnavailableMiddleware:
    """A view whose action could not store a file (``tenants.storage.StorageUnavailable``): the
    action's transaction is already rolled back; answer with the 503 page saying so, the
    form's text kept, instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .storage import StorageUnavailable

        if not isinstance(exception, StorageUnavailable):
            return None
        breaker_for("Media storage", RETRY_AFTER_SECONDS).failed(exception)
        return page(request, exception, reason="storage")

"""What every host of the deployment answers for security's sake, whatever district it serves.

- ``SecurityHeadersMiddleware``: ``Permissions-Policy`` on every response, and
  ``Reporting-Endpoints`` naming where the policy's ``report-to`` sends violations. The
  Content-Security-Policy itself comes from django-csp (``CONTENT_SECURITY_POLICY`` in the
  settings); ``Cross-Origin-Opener-Policy``, ``Referrer-Policy`` and ``X-Content-Type-Options``
  from Django's ``SecurityMiddleware``. All three sit at the top of ``MIDDLEWARE`` so that the
  answers given before a district is known (``/healthz``, the bare 404 of an unknown host) carry
  them.
- ``WellKnownMiddleware``, right after the tenant middleware (unknown hosts already have their
  404): ``/.well-known/security.txt`` (RFC 9116) and the disclosure policy it points to, on the
  platform's host and on every district's, suspended ones included; and ``/csp-report``, where
  browsers send the policy's violations, which are logged. Neither needs a district's pages,
  its language prefix, a session or a CSRF token.
"""

import json
import logging
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

from csp.constants import SELF
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger("srok.csp")

SECURITY_TXT = "/.well-known/security.txt"
SECURITY_POLICY = "/.well-known/security-policy.txt"
CSP_REPORT = "/csp-report"
# RFC 9116 asks for an expiry under a year away, so that a file nobody looks after goes stale
# visibly. The contact is a setting read on every request, so the file is as current as the
# deployment: it is renewed with each day rather than by hand.
SECURITY_TXT_LIFETIME = timedelta(days=180)
# Browsers batch reports; a body larger than this is not a report from a browser.
REPORT_MAX_BYTES = 64 * 1024
REPORTS_LOGGED_PER_REQUEST = 10
FIELD_MAX_CHARS = 300

# Features a district's site never uses. Citizens attach photos through a file input, which
# needs no camera permission; nothing asks where the reader is.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if response.get("Content-Type", "").startswith("application/pdf"):
            # Chromium shows a PDF through an internal <embed>, which object-src governs: with
            # 'none' a citizen's browser refuses to show the district's documents
            # (crbug.com/271452). A PDF's own scripts run in the viewer, never in this origin.
            replace = dict(getattr(response, "_csp_replace", None) or {})  # django-csp's
            replace["object-src"] = [SELF]
            response._csp_replace = replace
        # The CSP's "report-to csp" (Chromium); "report-uri" serves the others.
        response.setdefault("Reporting-Endpoints", f'csp="{CSP_REPORT}"')
        return response


def allow_form_targets(response, *urls):
    """Let the forms of ``response``'s page post to ``urls``' origins too.

    ``form-action 'self'`` also governs where a form's answer may redirect: the provincial
    console's "Enter as support" posts to the console, which redirects to the district's host.
    Only the page holding such a form widens its policy, and only by those origins."""
    origins = sorted({_origin(url) for url in urls})
    update = dict(getattr(response, "_csp_update", None) or {})  # django-csp's csp_update
    update["form-action"] = [*update.get("form-action", []), *origins]
    response._csp_update = update
    return response


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def security_txt(request):
    """RFC 9116's fields for the host asked: its own address as Canonical."""
    base = f"{request.scheme}://{request.get_host()}"
    expires = datetime.combine(timezone.now().date(), time(), tzinfo=UTC) + SECURITY_TXT_LIFETIME
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACTS]
    lines += [
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: km, en",
        f"Canonical: {base}{SECURITY_TXT}",
        f"Policy: {base}{SECURITY_POLICY}",
    ]
    return "\n".join(lines) + "\n"


def csrf_failure(request, reason=""):
    """Django's CSRF refusal, in the reader's language and without the inline style of Django's
    own page, which the Content-Security-Policy would refuse (CSRF_FAILURE_VIEW)."""
    return render(request, "platform_site/csrf_failure.html", status=403)


def _text(body):
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


class WellKnownMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path == CSP_REPORT:
            return self.csp_report(request)
        if path not in (SECURITY_TXT, SECURITY_POLICY, "/security.txt"):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if path == "/security.txt":
            # RFC 9116 section 3: the legacy place redirects to the one under /.well-known/.
            return HttpResponsePermanentRedirect(SECURITY_TXT)
        if path == SECURITY_TXT:
            return _text(security_txt(request))
        contacts = [contact.removeprefix("mailto:") for contact in settings.SECURITY_CONTACTS]
        return _text(render_to_string("platform_site/security_policy.txt", {"contacts": contacts}))

    def csp_report(self, request):
        """Log what the browser reports (report-uri's and report-to's formats); answer 204."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        length = request.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > REPORT_MAX_BYTES:
            return HttpResponse(status=413)
        try:
            payload = json.loads(request.body)
        except ValueError:
            return HttpResponse(status=400)
        for report in _reports(payload)[:REPORTS_LOGGED_PER_REQUEST]:
            logger.warning(
                "CSP violation on %s: %s blocked %s (%s:%s)",
                _field(report, "document-uri", "documentURL"),
                _field(report, "effective-directive", "effectiveDirective", "violated-directive"),
                _field(report, "blocked-uri", "blockedURL"),
                _field(report, "source-file", "sourceFile"),
                _field(report, "line-number", "lineNumber"),
            )
        return HttpResponse(status=204)


def _reports(payload):
    """The violation bodies of a report-uri POST ({"csp-report": {...}}) or of a Reporting API
    batch ([{"type": "csp-violation", "body": {...}}, ...])."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        return [payload["csp-report"]]
    if isinstance(payload, list):
        return [
            item["body"]
            for item in payload
            if isinstance(item, dict)
            and item.get("type") == "csp-violation"
            and isinstance(item.get("body"), dict)
        ]
    return []


def _field(report, *names):
    """The first of ``names`` present, quoted and cut short: reports come from anyone, and a
    log line must stay one line."""
    for name in names:
        if name in report:
            return json.dumps(str(report[name])[:FIELD_MAX_CHARS], ensure_ascii=True)
    return "-"

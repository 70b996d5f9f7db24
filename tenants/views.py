from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_GET

from .models import District, Domain
from .validators import normalize_host


def media(request, path):
    """Serve a media file of the district whose host this is.

    The storage resolves ``path`` inside the current schema's prefix, so the same path asked on
    another district's host finds that district's file or nothing: never this one's.
    """
    try:
        if not default_storage.exists(path):
            raise Http404
    except SuspiciousFileOperation as exc:
        raise Http404 from exc
    if isinstance(default_storage, FileSystemStorage):
        return FileResponse(default_storage.open(path, "rb"))
    return HttpResponseRedirect(default_storage.url(path))


@require_GET
def tls_ask(request):
    """Caddy's on-demand TLS asks here before getting a certificate for ``?domain=``: 200 only
    for a domain of an active district, from the cached host map (no query when warm). Caddy
    calls it on loopback; the proxy never exposes it (deploy/Caddyfile)."""
    district = Domain.objects.district_for_host(normalize_host(request.GET.get("domain")))
    if district is None or district.status != District.Status.ACTIVE:
        return HttpResponse("no\n", status=404, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")

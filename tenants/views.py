from django.http import HttpResponse
from django.views.decorators.http import require_GET

from .models import District, Domain
from .validators import normalize_host


@require_GET
def tls_ask(request):
    """Caddy's on-demand TLS asks here before getting a certificate for ``?domain=``: 200 only
    for a domain of an active district, from the cached host map (no query when warm). Caddy
    calls it on loopback; the proxy never exposes it (deploy/Caddyfile)."""
    district = Domain.objects.district_for_host(normalize_host(request.GET.get("domain")))
    if district is None or district.status != District.Status.ACTIVE:
        return HttpResponse("no\n", status=404, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")

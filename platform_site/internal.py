"""Who may read the platform's internal endpoints (``/metrics``, ``/healthz/platform``).

Only a request that reached gunicorn directly from an internal network: Caddy adds
X-Forwarded-For to everything it passes on, so a request carrying it came through the public
proxy, whatever address it came from. The proxy also answers these paths with 404 itself
(deploy/Caddyfile); this is the second lock.
"""

import ipaddress

from django.conf import settings


def is_internal(request):
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net) for net in settings.SROK_INTERNAL_NETWORKS)

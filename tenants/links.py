"""Absolute links to a district: always on its primary domain, never on whatever Host header a
request arrived with (e-mails, shared links, sitemaps and hand-overs must name the official
address)."""

from django.conf import settings


def district_url(district, path):
    """An absolute URL on the district's primary domain."""
    scheme = "https" if settings.HTTPS else "http"
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{scheme}://{district.primary_domain}{port}{path}"

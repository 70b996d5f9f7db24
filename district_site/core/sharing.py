"""robots.txt and sitemap.xml, built from the district's primary domain (never the request's
Host header), so search engines index the official address. Each app names its own pages in its
``sitemap.py`` (district_site.core.contributions)."""

from django.http import HttpResponse

from tenants.links import district_url

from . import contributions
from .page_cache import memo


def robots_txt(request):
    district = request.tenant
    lines = [
        "User-agent: *",
        "Disallow: /manage/",
        "Disallow: /feedback/track/",
        f"Sitemap: {district_url(district, '/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def sitemap_xml(request):
    district = request.tenant
    entries = "".join(
        f"<url><loc>{district_url(district, path)}</loc></url>"
        # Once per publication (page_cache.memo): each app looks up its published items.
        for path in memo("sitemap-paths", lambda: list(contributions.sitemap_paths()))
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )
    return HttpResponse(body, content_type="application/xml; charset=utf-8")

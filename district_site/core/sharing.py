"""robots.txt and sitemap.xml, built from the district's primary domain (never the request's
Host header), so search engines index the official address."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import override

from district_site.budget.models import Budget
from district_site.documents.models import Document
from district_site.forums.models import Forum
from district_site.news.models import NewsPost
from district_site.pages.models import Page
from district_site.projects.models import Project
from tenants.links import district_url


def robots_txt(request):
    district = request.tenant
    lines = [
        "User-agent: *",
        "Disallow: /manage/",
        "Disallow: /feedback/track/",
        f"Sitemap: {district_url(district, '/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _paths():
    """Every public page, each in both languages."""
    for language in ("km", "en"):
        with override(language):
            yield reverse("home")
            for page in Page.objects.published().exclude(slug="home"):
                yield page.get_absolute_url()
            yield reverse("news:list")
            for post in NewsPost.objects.visible().only("pk"):
                yield post.get_absolute_url()
            yield reverse("services:list")
            yield reverse("council:list")
            yield reverse("budget:index")
            for year in (
                Budget.objects.filter(versions__isnull=False)
                .distinct()
                .values_list("year", flat=True)
            ):
                yield reverse("budget:year", args=[year])
                yield reverse("budget:versions", args=[year])
            yield reverse("projects:list")
            yield reverse("projects:map")
            for project in Project.objects.visible().only("code"):
                yield project.get_absolute_url()
            if Document.objects.visible().exists():
                yield reverse("documents:list")
            yield reverse("forums:list")
            for forum in Forum.objects.visible().only("pk"):
                yield forum.get_absolute_url()
            yield reverse("feedback:send")
            yield reverse("feedback:answers")
            yield reverse("opendata_index")


def sitemap_xml(request):
    district = request.tenant
    entries = "".join(f"<url><loc>{district_url(district, path)}</loc></url>" for path in _paths())
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )
    return HttpResponse(body, content_type="application/xml; charset=utf-8")

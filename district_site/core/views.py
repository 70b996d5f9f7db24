from django.db import connection
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from tenants import unavailable

from . import contributions
from .models import DistrictProfile
from .page_cache import cached_page, memo


@cached_page
def home(request):
    """The district's home page: what the apps give it (district_site.core.contributions).

    The apps' sections are rendered once per publication and language (page_cache.memo), not
    per request: each app's section costs its own queries, and the home page is the page most
    often asked for with a query string the page cache does not serve (links shared with a
    tracking parameter)."""
    district = request.tenant

    def assemble():
        # The sections see the district and its profile, as they would in the page's context.
        context = {"district": district, "profile": memo("profile", DistrictProfile.current)}
        sections = "".join(
            render_to_string(template, {**context, "section": section})
            for template, section in contributions.home_sections(request)
        )
        return {**contributions.home_context(request), "sections_html": sections}

    parts = memo("home", assemble, per_language=True)
    return render(
        request,
        "core/home.html",
        {
            "district": district,
            **parts,
            # Rendered from our own templates, escaped there.
            "sections_html": mark_safe(parts["sections_html"]),  # noqa: S308
        },
    )


def page_not_found(request, exception):
    return render(request, "core/404.html", {"district": request.tenant}, status=404)


def server_error(request):
    exc = unavailable.database_unavailable()
    if exc is not None:
        return unavailable.page(request, exc)
    # Rendered without a request context: a failing context processor must not hide the page.
    return render(request, "core/500.html", {"district": connection.tenant}, status=500)

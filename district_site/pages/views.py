from django.conf import settings
from django.shortcuts import get_object_or_404, render

from district_site.core.page_cache import cached_page

from .models import Page

# Pages whose content is more than their text: the Contact page shows the district profile's
# details (district_site.core.models.DistrictProfile), the one source the footer reads too, so
# what an officer saves under "Contact details" appears on both.
TEMPLATES = {"contact": "pages/contact.html"}


@cached_page
def page_detail(request, slug):
    page = get_object_or_404(Page.objects.visible(), slug=slug)
    return render(request, TEMPLATES.get(slug, "pages/page.html"), {"page": page})


@cached_page
def accessibility_statement(request):
    """The same statement for every district, filled with its name and contact: what the
    platform does for accessibility is the platform's, not each district's to write."""
    return render(request, "pages/accessibility.html", {})


@cached_page
def privacy_notice(request):
    """What feedback keeps and for how long, as the code behaves: feedback has no automatic
    deletion (district_site/feedback), backups keep the newest BACKUP_KEEP copies, and the
    rate limits count a hash of the address (tenants/ratelimit.py) per window."""
    return render(
        request,
        "pages/privacy.html",
        {
            "backups_kept": settings.BACKUP_KEEP,
            "feedback_window_minutes": 60,
        },
    )

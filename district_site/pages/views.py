from django.shortcuts import get_object_or_404, render

from district_site.core.page_cache import cached_page

from .models import Page


@cached_page
def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    return render(request, "pages/page.html", {"page": page})

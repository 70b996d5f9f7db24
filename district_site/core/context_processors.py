from django.urls import translate_url
from django.utils.translation import get_language

from district_site.pages.models import Page


def district(request):
    """The district, its menu and the link to this page in the other language, for every
    template of a district's host."""
    context = {
        "other_language": "km" if get_language() == "en" else "en",
    }
    context["other_language_url"] = translate_url(request.path, context["other_language"])
    tenant = getattr(request, "tenant", None)
    if tenant is not None and not tenant.is_platform:
        context.update(district=tenant, menu_pages=Page.objects.in_menu())
    return context

from django.urls import reverse, translate_url
from django.utils.translation import get_language

from district_site.core import contributions
from district_site.core.models import DistrictProfile
from district_site.core.page_cache import memo
from tenants.links import district_url


def district(request):
    """The district, its menu and the link to this page in the other language, for every
    template of a district's host."""
    context = {
        "other_language": "km" if get_language() == "en" else "en",
    }
    context["other_language_url"] = translate_url(request.path, context["other_language"])
    if request.GET:
        # The switch keeps the reader where they are: the same search, the same page of news.
        context["other_language_url"] += "?" + request.GET.urlencode()
    tenant = getattr(request, "tenant", None)
    if tenant is not None and not tenant.is_platform:
        # Shared links and search engines get the district's primary domain, never whatever
        # Host header this request came with.
        here = translate_url(request.path, get_language())
        # Kept per publication (page_cache.memo): every page shows them, few pages change them.
        profile = memo("profile", DistrictProfile.current)
        context.update(
            district=tenant,
            profile=profile,
            og_image=_share_image(tenant, profile),
            menu_pages=memo("menu-pages", contributions.menu_pages),
            app_menu=contributions.menu_links(),
            footer_links=contributions.menu_links("FOOTER_LINKS"),
            feeds=contributions.feeds(tenant),
            canonical_url=district_url(tenant, here),
            canonical_km=district_url(tenant, translate_url(request.path, "km")),
            canonical_en=district_url(tenant, translate_url(request.path, "en")),
        )
    return context


def _share_image(district, profile):
    """The district's photo for link previews of any page (a news post shows its own), by its
    stable address on the primary domain (district_site.core.media_access.serve)."""
    share = profile.photo_share()
    if share is None:
        return None
    name, width, height = share
    return {
        "url": district_url(district, reverse("media", args=[name])),
        "width": width,
        "height": height,
        "alt": profile.photo_description or district.name,
    }

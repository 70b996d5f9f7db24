from django.db import transaction
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from district_site.revisions import actions as revisions
from tenants import gazetteer

from .models import Page

# (slug, show in menu): the pages every district starts with, in menu order.
DEFAULT_PAGES = [("home", False), ("about", True), ("roles", True), ("contact", True)]


def _default_texts(district):
    """Titles and texts of the default pages in the active language, from the gazetteer."""
    communes = gazetteer.communes_of(district.code)
    in_khmer = get_language() == "km"
    commune_names = ", ".join(km if in_khmer else en for _code, km, en in communes)
    facts = {
        "district": district.name,
        "province": district.province_name,
        "count": len(communes),
        "communes": commune_names,
    }
    return {
        "home": (
            _("Welcome to %(district)s district") % facts,
            _(
                "The official website of %(district)s district, %(province)s province: its "
                "budget, development projects, services and news, and a place to send your "
                "feedback."
            )
            % facts,
        ),
        "about": (
            _("About the district"),
            _(
                "%(district)s district lies in %(province)s province and has %(count)d communes: "
                "%(communes)s."
            )
            % facts,
        ),
        "roles": (_("Roles and responsibilities"), ""),
        "contact": (_("Contact"), ""),
    }


def create_default_pages(sender, district, **kwargs):
    """Receiver of ``tenants.signals.district_created``: runs in the new district's schema."""
    with override("km"):
        km = _default_texts(district)
    with override("en"):
        en = _default_texts(district)
    for position, (slug, in_menu) in enumerate(DEFAULT_PAGES):
        page = Page(
            slug=slug,
            title_km=km[slug][0],
            title_en=en[slug][0],
            body_km=km[slug][1],
            body_en=en[slug][1],
            menu_order=position,
            show_in_menu=in_menu,
        )
        # A first revision, so officers can always go back to the text the district began with.
        revisions.create(page, actor="Srok", announce=False)


@transaction.atomic
def move_in_menu(page, *, up):
    """Swap ``page`` with its neighbour, then number every page 0, 1, 2... so that positions
    stay distinct whatever they were before. The neighbour is the next page shown in the
    menu (or, for a page kept out of it, the next such page): a move is always visible."""
    pages = list(Page.objects.select_for_update().order_by("menu_order", "pk"))
    index = next(i for i, other in enumerate(pages) if other.pk == page.pk)
    alike = [i for i, other in enumerate(pages) if other.show_in_menu == pages[index].show_in_menu]
    place = alike.index(index) + (-1 if up else 1)
    if 0 <= place < len(alike):
        target = alike[place]
        pages[index], pages[target] = pages[target], pages[index]
    for position, other in enumerate(pages):
        if other.menu_order != position:
            other.menu_order = position
            other.save(update_fields=["menu_order", "updated_at"])

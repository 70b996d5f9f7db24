"""The district's own pages lead the main menu (district_site.core.contributions)."""

from django.utils.translation import gettext_lazy as _

from .models import Page

LINKS = []
# Last in the footer, as readers of government sites look for them.
FOOTER_LINKS = [
    (90, _("Accessibility"), "accessibility"),
    (91, _("Privacy"), "privacy"),
]


def pages():
    return Page.objects.in_menu()

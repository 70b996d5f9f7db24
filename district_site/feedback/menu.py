"""Feedback's entries in the menus (district_site.core.contributions): sending feedback
closes the main menu, before search, on every page."""

from django.utils.translation import gettext_lazy as _

LINKS = [(90, _("Send feedback"), "feedback:send")]
CONSOLE_LINKS = [(30, _("Feedback"), "feedback_manage:inbox")]

from django.utils.translation import gettext_lazy as _

LINKS = [(60, _("Public services"), "services:list")]

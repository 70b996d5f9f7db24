from django.utils.translation import gettext_lazy as _

LINKS = [(60, _("Public services"), "services:list")]
CONSOLE_LINKS = [(70, _("Services"), "services_manage:list")]

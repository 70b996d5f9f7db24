from django.utils.translation import gettext_lazy as _

LINKS = [(5, _("Governor and council"), "council:list")]
CONSOLE_LINKS = [(80, _("Governor and council"), "council_manage:list")]

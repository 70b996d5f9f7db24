from django.utils.translation import gettext_lazy as _

LINKS = [(5, _("Governor and council"), "council:list")]

from django.utils.translation import gettext_lazy as _

LINKS = [(20, _("Budget"), "budget:index")]

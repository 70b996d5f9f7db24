from django.utils.translation import gettext_lazy as _

LINKS = [(20, _("Budget"), "budget:index")]
CONSOLE_LINKS = [(10, _("Budget"), "budget_manage:list")]

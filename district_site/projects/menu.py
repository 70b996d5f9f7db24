from django.utils.translation import gettext_lazy as _

# After the budget: what the money builds.
LINKS = [(25, _("Projects"), "projects:list")]
CONSOLE_LINKS = [(40, _("Development projects"), "projects_manage:list")]

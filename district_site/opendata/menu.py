from django.utils.translation import gettext_lazy as _

# In the footer: open data is for journalists and researchers more than for most citizens.
LINKS = []
FOOTER_LINKS = [(20, _("Open data"), "opendata_index")]
ADMIN_CONSOLE_LINKS = [(10, _("Open data licence"), "opendata_manage:settings")]

from django.utils.translation import gettext_lazy as _

# In the footer, not the main menu, which must fit a phone's screen: the home page announces
# the next forum and the council's page links to them all.
LINKS = []
FOOTER_LINKS = [(5, _("Public forums"), "forums:list")]
CONSOLE_LINKS = [(50, _("Forums"), "forums_manage:list")]

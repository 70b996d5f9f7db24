from django.utils.translation import gettext_lazy as _

# In the footer, not the main menu: the menu must fit a phone's screen, and citizens reach most
# documents from the page they belong to (budget, forums, projects).
LINKS = []
FOOTER_LINKS = [(10, _("Documents"), "documents:list")]
CONSOLE_LINKS = [(20, _("Documents"), "documents_manage:list")]

from django.utils.translation import gettext_lazy as _

LINKS = [(10, _("News"), "news:list")]

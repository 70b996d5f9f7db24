"""Officers' side of the One Window Service Office's list: the content console
(district_site.content.console), deleting included."""

from django.utils.translation import gettext_lazy as _

from district_site.content.console import Console

from .forms import ServiceForm
from .models import Service


class ServiceConsole(Console):
    model = Service
    form_class = ServiceForm
    labels = (_("Services"), _("Add a service"), _("Edit service"))

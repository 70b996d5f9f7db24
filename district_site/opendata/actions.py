"""Changes to the district's open data settings."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from district_site.core.signals import content_published

from .licences import Licence
from .models import OpenDataSettings


@transaction.atomic
def choose_licence(licence, *, actor):
    """Publish the district's data under ``licence`` from now on. The platform-wide files name
    each district's licence, so they are rebuilt too."""
    if licence not in Licence.values:
        raise ValidationError({"licence": [_("Choose one of the licences listed.")]})
    settings = OpenDataSettings.objects.select_for_update().first() or OpenDataSettings()
    settings.licence = licence
    settings.updated_by = str(actor)
    settings.save()
    content_published.send(sender=OpenDataSettings, kind="opendata")
    return settings

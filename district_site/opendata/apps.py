from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "district_site.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from district_site.core.signals import content_published

        from . import tasks

        content_published.connect(tasks.schedule_rebuild, dispatch_uid="opendata-rebuild")

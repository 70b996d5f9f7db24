from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide parts of a district's site: home page, error pages, the snapshot task."""

    name = "district_site.core"
    label = "district_core"

    def ready(self):
        from tenants.signals import district_restored

        from . import receivers

        district_restored.connect(receivers.after_restore, dispatch_uid="core-after-restore")

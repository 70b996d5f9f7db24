from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide parts of a district's site: home page, error pages, the snapshot task."""

    name = "district_site.core"
    label = "district_core"

    def ready(self):
        from district_site.revisions.signals import content_changed
        from tenants.signals import district_restored

        from . import receivers
        from .signals import content_published

        district_restored.connect(receivers.after_restore, dispatch_uid="core-after-restore")
        # Whatever an officer changes or publishes may change what the scorecard shows.
        for signal in (content_changed, content_published):
            signal.connect(receivers.refresh_snapshot_after_commit, dispatch_uid="core-snapshot")

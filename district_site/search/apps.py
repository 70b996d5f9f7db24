from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Search across a district's published content, in Khmer and English."""

    name = "district_site.search"
    label = "search"

    def ready(self):
        from tenants.signals import district_restored

        from . import receivers

        receivers.connect()  # keeps the index in step with published content
        district_restored.connect(receivers.after_restore, dispatch_uid="search-after-restore")

from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The district's standing pages: home, about, governor and council, roles, contact."""

    name = "district_site.pages"
    label = "pages"

    def ready(self):
        from district_site.revisions.signals import content_changed
        from tenants.signals import district_created

        from . import actions
        from .models import Page

        district_created.connect(actions.create_default_pages, dispatch_uid="default-pages")
        content_changed.connect(
            actions.refresh_snapshot_on_commit, sender=Page, dispatch_uid="page-snapshot"
        )

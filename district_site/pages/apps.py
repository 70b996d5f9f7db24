from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The district's standing pages: home, about, governor and council, roles, contact."""

    name = "district_site.pages"
    label = "pages"

    def ready(self):
        from tenants.signals import district_created

        from . import actions

        district_created.connect(actions.create_default_pages, dispatch_uid="default-pages")

from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    """The provincial console at /console/ on the platform host."""

    name = "platform_site.console"
    label = "console"

    def ready(self):
        from django.conf import settings
        from django.urls import reverse

        from tenants import links

        # tenants.idle sends an idle provincial admin here, by purpose (tenants.links).
        links.register(
            links.PROVINCIAL_LOGIN,
            lambda: reverse("console:login", urlconf=settings.PUBLIC_SCHEMA_URLCONF),
        )

from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    """The provincial console at /console/ on the platform host."""

    name = "platform_site.console"
    label = "console"

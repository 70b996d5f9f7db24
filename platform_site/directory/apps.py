from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The platform's public home: every active district, grouped by province."""

    name = "platform_site.directory"
    label = "directory"

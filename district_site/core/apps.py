from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide parts of a district's site: home page, error pages, the snapshot task."""

    name = "district_site.core"
    label = "district_core"

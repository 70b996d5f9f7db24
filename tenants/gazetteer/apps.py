from django.apps import AppConfig


class GazetteerConfig(AppConfig):
    """Cambodia's administrative units (NCDD), imported from the shipped snapshot."""

    name = "tenants.gazetteer"
    label = "gazetteer"
    verbose_name = "Gazetteer"

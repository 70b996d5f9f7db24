from django.apps import AppConfig


class ServicesConfig(AppConfig):
    """The One Window Service Office's services: what citizens can ask for, where, at what fee,
    how long it takes and which documents to bring."""

    name = "district_site.services"
    label = "services"

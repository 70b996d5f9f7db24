from django.apps import AppConfig


class ForumsConfig(AppConfig):
    """The council's information-sharing and consultation forums: announced before they
    happen, then reported with attendance, the questions citizens raised and the answers."""

    name = "district_site.forums"
    label = "forums"

from django.apps import AppConfig


class ManageConfig(AppConfig):
    """The officer console at /manage/: where district officers keep their site current."""

    name = "district_site.manage"
    label = "manage"

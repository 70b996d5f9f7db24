from django.apps import AppConfig


class NewsConfig(AppConfig):
    """News and activities of the district, with photos, in Khmer and English."""

    name = "district_site.news"
    label = "news"

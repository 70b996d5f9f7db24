from django.apps import AppConfig


class CouncilConfig(AppConfig):
    """The governor and the members of the district council: name, role, term and photo."""

    name = "district_site.council"
    label = "council"

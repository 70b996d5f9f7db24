from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Districts"

    def ready(self):
        from . import hostmap
        from .models import District, Domain

        hostmap.connect_receivers(District, Domain)

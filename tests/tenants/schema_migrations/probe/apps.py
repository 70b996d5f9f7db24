from django.apps import AppConfig


class ProbeConfig(AppConfig):
    name = "tests.tenants.schema_migrations.probe"
    label = "migration_probe"
    default_auto_field = "django.db.models.BigAutoField"

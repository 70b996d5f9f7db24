from django.core.management.base import BaseCommand

from tenants import schema_template


class Command(BaseCommand):
    help = (
        "Create or migrate the template schema that new districts are copied from. "
        "Run on every deploy, after migrate_schemas."
    )

    def handle(self, *args, verbosity, **options):
        schema_template.refresh_template(verbosity=max(verbosity - 1, 0))
        self.stdout.write(f"{schema_template.TEMPLATE_SCHEMA} is current.")

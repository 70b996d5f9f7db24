from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from district_site.search import index
from tenants.models import District


class Command(BaseCommand):
    help = "Rebuild the search index of every district (or of the districts given by code)."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="NCDD codes (default: every district)")

    def handle(self, *args, codes, **options):
        districts = District.objects.all()
        if codes:
            districts = districts.filter(code__in=codes)
        for district in districts:
            with schema_context(district.schema_name):
                index.rebuild()
            self.stdout.write(f"{district.code} {district.name_en}: indexed")

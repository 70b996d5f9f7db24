from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from district_site.search import index
from tenants.models import District


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every district (or of the districts given by code); with "
        "--check, only report where the index and the published content differ."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="NCDD codes (default: every district)")
        parser.add_argument(
            "--check",
            action="store_true",
            help="change nothing; list the differences and fail if there are any",
        )

    def handle(self, *args, codes, check, **options):
        districts = District.objects.order_by("code")
        if codes:
            districts = districts.filter(code__in=codes)
            missing = set(codes) - set(districts.values_list("code", flat=True))
            if missing:
                raise CommandError(f"no district with code {', '.join(sorted(missing))}")
        differing = 0
        for district in districts:
            with schema_context(district.schema_name):
                if check:
                    found = index.differences()
                    differing += bool(found)
                    for kind, key, language, what in found:
                        self.stdout.write(f"{district.code} {kind} {key} {language}: {what}")
                    self.stdout.write(
                        f"{district.code} {district.name_en}: "
                        + (f"{len(found)} differences" if found else "index up to date")
                    )
                else:
                    index.rebuild()
                    self.stdout.write(f"{district.code} {district.name_en}: indexed")
        if differing:
            raise CommandError(
                f"{differing} districts' search index differs from their content; "
                "run rebuild_search_index to rebuild it"
            )

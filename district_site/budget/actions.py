"""Every change to a district's budget goes through these actions: the console, the demo and
the tests call them."""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from district_site.core.signals import content_published
from tenants.actions import record_published_hash
from tenants.models import District

from . import history
from .importer import BudgetFileError, read_budget_file
from .models import Budget, BudgetLine, BudgetVersion, Code

CLASSIFICATIONS = Path(__file__).parent / "data" / "classifications.yaml"


def load_classifications(sender=None, district=None, **kwargs):
    """Receiver of ``tenants.signals.district_created`` (runs in the new district's schema):
    copy the shipped code lists in. Codes already present are left as the district has them."""
    lists = yaml.safe_load(CLASSIFICATIONS.read_text(encoding="utf-8"))
    for kind, entries in lists.items():
        for position, entry in enumerate(entries):
            Code.objects.get_or_create(
                kind=kind,
                code=str(entry["code"]),
                defaults={
                    "parent": str(entry.get("parent", "")),
                    "direction": entry.get("direction", ""),
                    "name_km": entry["name_km"],
                    "name_en": entry.get("name_en", ""),
                    "position": position,
                },
            )


def open_budget(year, *, by):
    """The draft budget of ``year``, created empty if the district has none yet."""
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Choose a year between 2000 and 2100."))
    budget, _created = Budget.objects.get_or_create(year=year)
    return budget


def _district():
    return District.objects.get(schema_name=connection.schema_name)


@transaction.atomic
def import_budget(budget, upload, *, by):
    """Replace the draft's lines with those of an officer's Excel file, all or nothing: any
    problem raises BudgetFileError listing them all, and the draft stays as it was."""
    lines = read_budget_file(upload, year=budget.year, district_code=_district().code)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    budget.lines.all().delete()
    BudgetLine.objects.bulk_create(BudgetLine(budget=budget, **line) for line in lines)
    budget.imported_at = timezone.now()
    budget.imported_by = str(by)
    budget.source_filename = getattr(upload, "name", "")[:255]
    budget.save(update_fields=["imported_at", "imported_by", "source_filename"])
    return len(lines)


@transaction.atomic
def publish_budget(budget, *, by):
    """Freeze the draft as the next version of the year, chained to the previous version's hash
    and recorded in the public schema. Refused when there is nothing new to publish."""
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    lines = history.frozen_lines(budget.lines.order_by("direction", "position", "pk"))
    if not lines:
        raise ValidationError(_("The draft has no lines to publish."))
    latest = budget.latest_version
    if latest is not None and latest.lines == lines:
        raise ValidationError(
            _("Nothing changed since version %(number)d.") % {"number": latest.number}
        )
    number = latest.number + 1 if latest else 1
    previous = latest.sha256 if latest else ""
    sha256 = history.content_hash(year=budget.year, number=number, previous=previous, lines=lines)
    version = BudgetVersion.objects.create(
        budget=budget,
        number=number,
        lines=lines,
        sha256=sha256,
        previous_sha256=previous,
        published_at=timezone.now(),
        published_by=str(by),
    )
    record_published_hash(
        _district(),
        kind=history.HASH_KIND,
        year=budget.year,
        version=number,
        sha256=sha256,
        previous=previous,
        published_at=version.published_at,
    )
    # Open data and other listeners rebuild what they derive from published versions.
    content_published.send(sender=BudgetVersion, kind="budget")
    return version


__all__ = [
    "BudgetFileError",
    "import_budget",
    "load_classifications",
    "open_budget",
    "publish_budget",
]

"""Every change to a district's budget goes through these actions: the console, the demo and
the tests call them."""

import functools
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from district_site.core.signals import content_published
from district_site.revisions import actions as revisions
from district_site.revisions.models import Revision
from tenants.actions import record_published_hash
from tenants.models import District

from . import history
from .importer import COLUMNS, LINE_KEY, BudgetFileError, Problem, read_budget_file
from .models import QUARTERS, Budget, BudgetLine, BudgetVersion, Code, ExecutionVersion

CLASSIFICATIONS = Path(__file__).parent / "data" / "classifications.yaml"


def load_classifications(sender=None, district=None, **kwargs):
    """Receiver of ``tenants.signals.district_created`` (runs in the new district's schema):
    copy the shipped code lists in. Codes already present are left as the district has them
    (the conflict on the unique kind and code skips them). One INSERT, not a query or four per
    code: every new district runs this, and it was a third of the time creating one took."""
    Code.objects.bulk_create(
        [
            Code(
                kind=kind,
                code=str(entry["code"]),
                parent=str(entry.get("parent", "")),
                direction=entry.get("direction", ""),
                name_km=entry["name_km"],
                name_en=entry.get("name_en", ""),
                position=position,
            )
            for kind, entries in _shipped_classifications().items()
            for position, entry in enumerate(entries)
        ],
        ignore_conflicts=True,
    )


@functools.cache
def _shipped_classifications():
    """The shipped code lists, read once per process: the file changes only with a release."""
    return yaml.safe_load(CLASSIFICATIONS.read_text(encoding="utf-8"))


def open_budget(year, *, actor):
    """The draft budget of ``year``, created empty if the district has none yet."""
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Choose a year between 2000 and 2100."))
    budget, created = Budget.objects.get_or_create(year=year)
    if created:
        revisions.record(budget, Revision.Action.CREATED, actor=actor)
    return budget


def _district():
    return District.objects.get(schema_name=connection.schema_name)


@transaction.atomic
def import_budget(budget, upload, *, actor):
    """Replace the draft's lines with those of an officer's Excel file, all or nothing: any
    problem raises BudgetFileError listing them all, and the draft stays as it was."""
    lines = read_budget_file(upload, year=budget.year, district_code=_district().code)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    budget.lines.all().delete()
    BudgetLine.objects.bulk_create(BudgetLine(budget=budget, **line) for line in lines)
    filename = getattr(upload, "name", "")[:255]
    # The file is named even when it is the same as last time: every import replaced the lines.
    changes = [{"field": "source_filename", "old": budget.source_filename, "new": filename}]
    budget.imported_at = timezone.now()
    budget.imported_by = str(actor)
    budget.source_filename = filename
    budget.save(update_fields=["imported_at", "imported_by", "source_filename"])
    revisions.record(budget, Revision.Action.EDITED, actor=actor, changes=changes)
    return len(lines)


@transaction.atomic
def publish_budget(budget, *, actor):
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
    return _freeze(BudgetVersion, budget, lines=lines, actor=actor)


def _freeze(model, budget, *, actor, **fields):
    """Store the next ``model`` version of ``budget`` (a budget version or an execution report:
    both district_site.content.versions.FrozenVersion), chained to the latest; record its hash
    in the public schema and who published it in the audit log; announce it."""
    version = model.next_version(
        budget, published_at=timezone.now(), published_by=str(actor), **fields
    )
    version.save()
    record_published_hash(
        _district(),
        kind=model.hash_kind,
        year=budget.year,
        version=version.number,
        sha256=version.sha256,
        previous=version.previous_sha256,
        published_at=version.published_at,
    )
    revisions.record(version, Revision.Action.PUBLISHED, actor=actor)
    _mark_published(budget, version.published_at)
    # Open data and other listeners rebuild what they derive from published versions.
    content_published.send(sender=model, kind=model.hash_kind)
    return version


def _mark_published(budget, when):
    budget.published_at = when
    budget.save(update_fields=["published_at"])


# --- lines typed in the console ---------------------------------------------------------------


def _next_position(budget, direction):
    last = budget.lines.filter(direction=direction).order_by("-position").first()
    return last.position + 1 if last else 1


@transaction.atomic
def add_line(budget, data, *, actor):
    """A line typed in the console's form (``data``: its cleaned data, codes already checked
    against the district's lists), added to the end of the draft."""
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    line = BudgetLine(budget=budget, position=_next_position(budget, data["direction"]))
    return revisions.save_recorded(line, data, Revision.Action.CREATED, actor=actor)


@transaction.atomic
def edit_line(line, data, *, actor):
    """Correct a line of the draft. A line moved to the other direction (revenue, expenditure)
    goes to the end of that direction's list: positions are counted per direction."""
    budget = Budget.objects.select_for_update().get(pk=line.budget_id)
    # Read back from the database: the console's ModelForm has already written the new values
    # onto ``line``, so its direction no longer tells where the line was.
    stored = budget.lines.get(pk=line.pk)
    moved = stored.direction != data.get("direction", stored.direction)
    also = {"position": _next_position(budget, data["direction"])} if moved else None
    return revisions.save_recorded(stored, data, Revision.Action.EDITED, actor=actor, also=also)


@transaction.atomic
def delete_line(line, *, actor):
    """Only the draft loses the line: published versions keep it, and the next version's
    changes will list it as removed."""
    revisions.record(line, Revision.Action.DELETED, actor=actor)
    line.delete()


# --- quarterly execution ----------------------------------------------------------------------


@transaction.atomic
def import_execution(budget, upload, *, actor):
    """Take the executed amounts per quarter from an officer's file (the budget template with
    the draft's lines, quarters filled in) into the draft's lines, all or nothing. Each row is
    matched to its line by its key (codes and Khmer name); a row the draft does not have, a line
    of the draft missing from the file, or a planned or revised amount that differs from the
    draft's is a problem: the budget itself changes through the budget import."""
    rows = read_budget_file(
        upload, year=budget.year, district_code=_district().code, with_rows=True
    )
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    lines = {_key(line): line for line in budget.lines.all()}
    problems = []
    matched = []
    for row in rows:
        key = tuple(row.get(name) or "" for name in LINE_KEY)
        line = lines.get(key)
        if line is None:
            problems.append(
                Problem(**row["where"], message=_("This line is not in the draft budget."))
            )
            continue
        for name in ("planned", "revised"):
            if row.get(name) != getattr(line, name):
                column = get_column_letter(COLUMNS[line.direction].index(name) + 1)
                problems.append(
                    Problem(
                        **row["where"],
                        column=column,
                        field=name,
                        message=_(
                            "The amount differs from the draft budget's (%(amount)s): change "
                            "the budget through the budget import, not the execution report."
                        )
                        % {"amount": _riel(getattr(line, name))},
                    )
                )
        matched.append((line, row))
    found = {_key(line) for line, _row in matched}
    for key, line in lines.items():
        if key not in found:
            problems.append(
                Problem(
                    message=_("The line “%(name)s” of the draft budget is missing from the file.")
                    % {"name": line.name_km}
                )
            )
    if problems:
        raise BudgetFileError(problems)
    for line, row in matched:
        changes = revisions.field_changes(line, {q: row.get(q) or 0 for q in QUARTERS})
        if changes:
            # One entry per line whose amounts moved: the log says which lines changed.
            revisions.record(line, Revision.Action.EDITED, actor=actor, changes=changes)
        for quarter in QUARTERS:
            setattr(line, quarter, row.get(quarter) or 0)
    BudgetLine.objects.bulk_update([line for line, _row in matched], list(QUARTERS))
    return len(matched)


def _riel(amount):
    return "—" if amount is None else f"{amount:,}"


def _key(line):
    return tuple(getattr(line, name) or "" for name in LINE_KEY)


@transaction.atomic
def publish_execution(budget, quarter, *, actor):
    """Freeze the draft's executed amounts up to ``quarter`` as the next execution report of
    the year, chained and recorded in the public schema as budget versions are. The draft's
    lines must be those of the latest published budget version, so that citizens read each
    executed amount beside the line it belongs to."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("Choose a quarter from 1 to 4."))
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    published = budget.latest_version
    if published is None:
        raise ValidationError(_("Publish the budget before its execution reports."))
    draft = list(budget.lines.order_by("direction", "position", "pk"))
    if {_key(line) for line in draft} != {history.line_key(line) for line in published.lines}:
        raise ValidationError(
            _(
                "The draft's lines differ from the published budget's: publish the budget "
                "first, then the execution report."
            )
        )
    later = [q for q in QUARTERS[quarter:] if any(getattr(line, q) for line in draft)]
    if later:
        raise ValidationError(
            _("Some lines have amounts for quarter %(quarter)s: choose that quarter.")
            % {"quarter": later[-1][1]}
        )
    lines = history.frozen_execution(draft, quarter)
    latest = budget.latest_execution
    if latest is not None and latest.lines == lines and latest.quarter == quarter:
        raise ValidationError(
            _("Nothing changed since version %(number)d.") % {"number": latest.number}
        )
    return _freeze(ExecutionVersion, budget, lines=lines, actor=actor, quarter=quarter)


__all__ = [
    "BudgetFileError",
    "add_line",
    "delete_line",
    "edit_line",
    "import_execution",
    "publish_execution",
    "import_budget",
    "load_classifications",
    "open_budget",
    "publish_budget",
]

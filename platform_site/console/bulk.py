"""Bulk work from a spreadsheet (CSV or XLSX): invite officers for many districts, onboard
several districts. Each sheet is read here; every change goes through ``tenants.actions``.

Invitations are all-or-nothing **per file**: every row is checked first, and one problem
anywhere invites nobody. The admin fixes the file and sends the same file again; had the good
rows gone through, the second upload would refuse them as "already has an account" and the
admin would have to work out which rows to delete. The invitations are cheap, so waiting for a
clean file costs nothing.

Onboarding is all-or-nothing **per district** (``actions.onboard_district`` is one
transaction), not per file: each district is independent, takes seconds (a schema is copied),
and one taken domain must not hold back the others. The report says, row by row, which site is
online and why the others are not, so the admin sends a file of only those again.
"""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from tenants import actions, spreadsheets, validators
from tenants.models import District, OfficerRole

MAX_BYTES = 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_INVITATIONS = 500
# Each district takes a few seconds to create, in the request: a file is kept to what a
# request can do well within the server's time limit.
MAX_ONBOARDINGS = 10


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; ``problems`` are messages in the active language."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


@dataclass
class Line:
    number: int  # the row number the spreadsheet shows
    cells: list
    problems: list = field(default_factory=list)
    outcome: str = ""  # "done" or "failed", once acted on
    district: object = None


def read_rows(upload, *, width):
    """The non-empty rows of the first sheet (or the CSV), each as ``width`` stripped strings,
    with their row numbers. A first row of headings (its first cell is not a code) is skipped.
    Formulas are never evaluated: XLSX cells are read as the values the file stores."""
    data = _read_bytes(upload)
    name = (getattr(upload, "name", "") or "").lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        raw = _xlsx_rows(data)
    else:
        raw = _csv_rows(data)
    lines = []
    for number, values in raw:
        cells = [_text(value) for value in list(values)[:width]]
        cells += [""] * (width - len(cells))
        if not any(cells):
            continue
        if not lines and number == 1 and not cells[0].isdigit():
            continue  # headings
        if cells[0].isdigit():
            # A spreadsheet stores 0106 as the number 106: codes have four digits.
            cells[0] = cells[0].zfill(4)
        lines.append(Line(number=number, cells=cells))
    if not lines:
        raise SpreadsheetError([_("The file has no rows to read.")])
    return lines


def _read_bytes(upload):
    try:
        return spreadsheets.read_upload(upload, MAX_BYTES)
    except spreadsheets.UploadRefused as exc:
        raise SpreadsheetError([str(exc)]) from exc


def _xlsx_rows(data):
    from openpyxl import load_workbook

    try:
        if not spreadsheets.check_unpacked(data, MAX_UNPACKED_BYTES):
            raise SpreadsheetError([_not_a_spreadsheet()])
    except spreadsheets.UploadRefused as exc:
        raise SpreadsheetError([str(exc)]) from exc
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl fails in many ways on a file that is not a workbook
        raise SpreadsheetError([_not_a_spreadsheet()]) from exc
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, row)
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
            if number <= MAX_INVITATIONS + 50
        ]
    finally:
        workbook.close()


def _not_a_spreadsheet():
    return _("This file is neither a CSV file nor an Excel workbook.")


def _csv_rows(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            [_("Save the CSV file as UTF-8 (in Excel: CSV UTF-8), then send it again.")]
        ) from exc
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        pass
    return list(enumerate(csv.reader(io.StringIO(text), dialect), start=1))


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --- inviting officers --------------------------------------------------------------------------


def _role(text):
    """A role from its code or its name in Khmer or English, as an admin may type it."""
    wanted = " ".join(text.split()).lower()
    for role in OfficerRole:
        names = {role.value}
        for language in ("km", "en"):
            with translation.override(language):
                names.add(str(role.label).lower())
        if wanted in names:
            return role
    return None


def check_invitations(lines):
    """Fill each line's problems (district code, e-mail, role); nothing is stored."""
    if len(lines) > MAX_INVITATIONS:
        raise SpreadsheetError(
            [_("Send at most %(count)d officers in one file.") % {"count": MAX_INVITATIONS}]
        )
    districts = {d.code: d for d in District.objects.filter(code__in=[x.cells[0] for x in lines])}
    seen = {}
    for line in lines:
        code, email, role_text = line.cells
        email = email.lower()
        district = districts.get(code)
        if district is None:
            line.problems.append(
                _("No district with the code %(code)s has a website.") % {"code": code or "—"}
            )
        elif district.status == District.Status.ARCHIVED:
            line.problems.append(_("%(name)s is archived.") % {"name": district.name})
        line.problems += validators.email_problems(email)
        role = _role(role_text)
        if role is None:
            line.problems.append(
                _("“%(role)s” is not a role: write %(roles)s.")
                % {
                    "role": role_text or "—",
                    "roles": ", ".join(str(label) for label in OfficerRole.labels),
                }
            )
        if district is not None and not line.problems:
            earlier = seen.setdefault((code, email), line.number)
            if earlier != line.number:
                line.problems.append(
                    _("Row %(row)d already invites %(email)s to this district.")
                    % {"row": earlier, "email": email}
                )
            with schema_context(district.schema_name):
                if get_user_model().objects.filter(username=email).exists():
                    line.problems.append(
                        _("%(email)s already has an account in %(name)s.")
                        % {"email": email, "name": district.name}
                    )
        line.district = district
        line.cells = [code, email, role.value if role else role_text]
    return lines


@transaction.atomic
def invite_officers(lines, *, actor):
    """Invite every line's officer, or nobody when any line has a problem (see the module's
    docstring). The e-mails leave only after the whole file is committed."""
    check_invitations(lines)
    if any(line.problems for line in lines):
        return False
    for line in lines:
        _code, email, role = line.cells
        actions.invite_officer(line.district, email=email, role=role, actor=actor)
        line.outcome = "done"
    return True


# --- onboarding districts -----------------------------------------------------------------------


def onboard_districts(lines, *, actor):
    """Onboard each line's district on its own (all or nothing for that district); a line
    that fails keeps its problems and the next one is tried. Returns the lines as a report."""
    if len(lines) > MAX_ONBOARDINGS:
        raise SpreadsheetError(
            [_("Send at most %(count)d districts in one file.") % {"count": MAX_ONBOARDINGS}]
        )
    for line in lines:
        code, domain, email = line.cells
        try:
            line.district = actions.onboard_district(
                code=code, official_domain=domain, officer_email=email, actor=actor
            )
        except ValidationError as exc:
            line.outcome = "failed"
            line.problems = list(exc.messages)
        else:
            line.outcome = "done"
    return lines

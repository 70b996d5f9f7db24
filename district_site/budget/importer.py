"""The budget's Excel template, and the reading of officers' filled-in copies.

The file is bilingual on purpose (Khmer first, then English), whatever the officer's language:
it travels between offices. What the officer reads back, the problems found, is in their
language. Reading never changes anything; ``actions.import_budget`` stores a file only when
``read_budget_file`` found no problem at all.
"""

import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tenants import spreadsheets

from .models import MAX_AMOUNT, BudgetLine, Code, Direction

MAX_BYTES = 2 * 1024 * 1024
# An .xlsx is a zip: a small file can unpack to gigabytes of XML that openpyxl would hold.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
# Per sheet. A district budget has a few hundred lines; a province-wide one a few thousand.
MAX_ROWS = 5000
FIRST_ROW = 3  # row 1: Khmer headers, row 2: English headers

INFO_SHEET = "ព័ត៌មាន Info"
CODES_SHEET = "កូដ Codes"
SHEETS = {Direction.REVENUE: "ចំណូល Revenue", Direction.EXPENDITURE: "ចំណាយ Expenditure"}
AMOUNTS = ["planned", "revised", "q1", "q2", "q3", "q4"]
# Fields of each sheet, in column order. An expenditure line has every field a line has but its
# direction and programme (the sheet gives the one, the sub-programme the other), so the
# console's line form and a frozen version list their fields from it.
COLUMNS = {
    Direction.REVENUE: ["source", "economic", "name_km", "name_en", *AMOUNTS],
    Direction.EXPENDITURE: ["subprogramme", "activity", "economic", "sector", "source"]
    + ["name_km", "name_en", *AMOUNTS],
}
HEADERS = {
    "subprogramme": ("កម្មវិធី/អនុកម្មវិធី", "Sub-programme"),
    "activity": ("ចង្កោមសកម្មភាព", "Activity cluster"),
    "economic": ("ជំពូក/គណនី", "Chapter/account"),
    "sector": ("វិស័យ", "Sector"),
    "source": ("ប្រភពថវិកា", "Funding source"),
    "name_km": ("បរិយាយ (ខ្មែរ)", "Description (Khmer)"),
    "name_en": ("បរិយាយ (អង់គ្លេស)", "Description (English)"),
    "planned": ("ថវិកាគ្រោងទុក (រៀល)", "Planned (riel)"),
    "revised": ("ថវិកាកែសម្រួល (រៀល)", "Revised (riel)"),
    "q1": ("អនុវត្ត ត្រីមាសទី១ (រៀល)", "Executed Q1 (riel)"),
    "q2": ("អនុវត្ត ត្រីមាសទី២ (រៀល)", "Executed Q2 (riel)"),
    "q3": ("អនុវត្ត ត្រីមាសទី៣ (រៀល)", "Executed Q3 (riel)"),
    "q4": ("អនុវត្ត ត្រីមាសទី៤ (រៀល)", "Executed Q4 (riel)"),
}
TOTAL_WORDS = ("សរុប", "total")
WHOLE_NUMBER = re.compile(r"-?[0-9]+")
KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
# The lines a budget's identity rests on: two rows alike in all of these are one line typed twice.
LINE_KEY = ["direction", "subprogramme", "activity", "economic", "sector", "source", "name_km"]


@dataclass(frozen=True)
class Problem:
    sheet: str = ""
    row: int | None = None
    column: str = ""
    field: str = ""
    message: str = ""

    @property
    def column_label(self):
        return str(BudgetLine._meta.get_field(self.field).verbose_name) if self.field else ""


class BudgetFileError(Exception):
    """The file cannot be imported; ``problems`` lists every reason found."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


# --- the template ------------------------------------------------------------------------


def _label(code):
    """What the template's drop-down shows for ``code``: its names in both languages, after
    its official number where it has one (a funding source's code is ours, never shown)."""
    names = " / ".join(filter(None, [code.name_km, code.name_en]))
    return f"{code.code} {names}" if code.shows_code else names


def _code_lists():
    """{list name: [(label, code, name_km, name_en)]} per drop-down, in the Codes sheet's
    order. Labels are unique within a list (a repeated one gets its code added), so reading a
    file maps each back to one code (``_known_codes``)."""
    codes = list(Code.objects.all())

    def of(kind, direction=None, sub_only=False):
        chosen = [
            c
            for c in codes
            if c.kind == kind
            and (direction is None or c.direction in ("", direction))
            and (not sub_only or c.parent)
        ]
        labels = [_label(c) for c in chosen]
        return [
            (
                label if labels.count(label) == 1 else f"{label} ({c.code})",
                c.code,
                c.name_km,
                c.name_en,
            )
            for c, label in zip(chosen, labels, strict=True)
        ]

    return {
        "subprogramme": of(Code.Kind.PROGRAMME, sub_only=True),
        "economic_expenditure": of(Code.Kind.ECONOMIC, Direction.EXPENDITURE),
        "economic_revenue": of(Code.Kind.ECONOMIC, Direction.REVENUE),
        "sector": of(Code.Kind.SECTOR),
        "source": of(Code.Kind.SOURCE),
    }


def build_template(*, year, district_code, lines=()):
    """The Excel template for ``year`` as bytes, with the district's code lists as drop-downs
    and, when given, the draft's current lines filled in."""
    wb = Workbook()
    info = wb.active
    info.title = INFO_SHEET
    info.append(["ឆ្នាំ / Year", year])
    info.append(["កូដស្រុក / District code", district_code])
    info.append([])
    info.append(
        [
            "ចំនួនទឹកប្រាក់ជារៀលគត់។ ជួរ «សរុប / Total» នៅខាងក្រោម គឺជាជម្រើស ហើយត្រូវតែស្មើនឹងផលបូក។",
        ]
    )
    info.append(
        [
            "Amounts in whole riel. A last row with «សរុប / Total» in column A is optional and "
            "must equal the sum of the lines.",
        ]
    )
    info.column_dimensions["A"].width = 28

    lists = _code_lists()
    codes = wb.create_sheet(CODES_SHEET)
    ranges = {}
    # Per list, four columns: the label the drop-down offers, then the code and the names.
    by_code = {}
    for index, (name, entries) in enumerate(lists.items()):
        col = get_column_letter(index * 4 + 1)
        codes[f"{col}1"] = name
        codes[f"{col}1"].font = Font(bold=True)
        for offset, entry in enumerate(entries):
            for column, value in enumerate(entry, start=index * 4 + 1):
                codes.cell(row=offset + 2, column=column, value=value)
            by_code[(name, entry[1])] = entry[0]
        codes.column_dimensions[col].width = 40
        last = max(len(entries) + 1, 2)
        ranges[name] = f"'{CODES_SHEET}'!${col}$2:${col}${last}"

    for direction, sheet_name in SHEETS.items():
        ws = wb.create_sheet(sheet_name, index=len(wb.sheetnames) - 1)
        fields = COLUMNS[direction]
        ws.append([HEADERS[f][0] for f in fields])
        ws.append([HEADERS[f][1] for f in fields])
        for cell in (*ws[1], *ws[2]):
            cell.font = Font(bold=True)
        ws.freeze_panes = f"A{FIRST_ROW}"
        for index, field in enumerate(fields, start=1):
            ws.column_dimensions[get_column_letter(index)].width = 30 if "name" in field else 16
            list_name = f"economic_{direction}" if field == "economic" else field
            if list_name in ranges:
                validation = DataValidation(
                    type="list", formula1=ranges[list_name], allow_blank=True
                )
                validation.error = "Choose from the list / ជ្រើសរើសពីបញ្ជី"
                validation.showErrorMessage = True
                ws.add_data_validation(validation)
                letter = get_column_letter(index)
                validation.add(f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + MAX_ROWS - 1}")
            elif field in AMOUNTS:
                letter = get_column_letter(index)
                validation = DataValidation(
                    type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
                )
                validation.error = "A whole number of riel / ចំនួនរៀលគត់"
                validation.showErrorMessage = True
                ws.add_data_validation(validation)
                validation.add(f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + MAX_ROWS - 1}")
        for line in lines:
            if line["direction"] == direction:
                # Codes written as the drop-down's labels, so the row reads as it was chosen.
                ws.append(
                    [
                        by_code.get(
                            (f"economic_{direction}" if f == "economic" else f, line.get(f)),
                            line.get(f),
                        )
                        for f in fields
                    ]
                )

    out = io.BytesIO()
    # Labels are officers' text: "=SUM(A1)" stays text, and reads back as typed.
    spreadsheets.text_only(wb)
    wb.save(out)
    return out.getvalue()


# --- reading a filled-in file ----------------------------------------------------------------


def read_budget_file(upload, *, year, district_code, with_rows=False):
    """The lines of an officer's file as dicts ready for BudgetLine, or BudgetFileError listing
    every problem by sheet, row and column. Nothing is stored here. ``with_rows`` adds each
    line's sheet and row number under "where", for problems found later."""
    data = _read_bytes(upload)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl fails in many ways on a file that is not a workbook
        raise BudgetFileError(
            [Problem(message=_("This file is not an Excel workbook (.xlsx)."))]
        ) from exc
    try:
        lines = _read_workbook(wb, year=year, district_code=district_code)
    finally:
        wb.close()
    if not with_rows:
        for line in lines:
            del line["where"]
    return lines


def _read_bytes(upload):
    """The upload's bytes, once it is neither too large, empty, nor a zip bomb."""
    try:
        data = spreadsheets.read_upload(upload, MAX_BYTES)
        if spreadsheets.check_unpacked(data, MAX_UNPACKED_BYTES):
            return data
    except spreadsheets.UploadRefused as exc:
        raise BudgetFileError([Problem(message=str(exc))]) from exc
    raise BudgetFileError([Problem(message=_("This file is not an Excel workbook (.xlsx)."))])


def _read_workbook(wb, *, year, district_code):
    problems = []
    missing = [name for name in (INFO_SHEET, *SHEETS.values()) if name not in wb.sheetnames]
    for name in missing:
        problems.append(Problem(sheet=name, message=_("The sheet is missing.")))
    if missing:
        raise BudgetFileError(problems)

    problems += _check_info(wb[INFO_SHEET], year=year, district_code=district_code)
    known = _known_codes()
    lines = []
    for direction, sheet_name in SHEETS.items():
        lines += _read_sheet(wb[sheet_name], direction, known, problems)
    if not lines and not problems:
        problems.append(Problem(message=_("The file has no budget lines.")))
    if problems:
        raise BudgetFileError(problems)
    return lines


def _check_info(ws, *, year, district_code):
    rows = list(ws.iter_rows(min_row=1, max_row=2, min_col=2, max_col=2, values_only=True))
    found = {index: (row[0] if row else None) for index, row in enumerate(rows)}
    problems = []
    found_year = _as_int(found.get(0))
    if found_year != year:
        problems.append(
            Problem(
                sheet=INFO_SHEET,
                row=1,
                column="B",
                message=_("The file is for the year %(found)s, not %(year)d.")
                % {"found": found.get(0) or "—", "year": year},
            )
        )
    found_code = str(found.get(1) or "").strip()
    if found_code and found_code != district_code:
        problems.append(
            Problem(
                sheet=INFO_SHEET,
                row=2,
                column="B",
                message=_("The file is for district %(found)s, not %(code)s.")
                % {"found": found_code, "code": district_code},
            )
        )
    return problems


def _known_codes():
    """The codes a file may use, and ``labels``: {field: {drop-down label: code}}, so a cell
    chosen from the template's drop-down (a name) is read back as its code; a typed code is
    still accepted."""
    known = {"subprogramme": {}, "economic": {}, "sector": set(), "source": set()}
    known["labels"] = {field: {} for field in ("subprogramme", "economic", "sector", "source")}
    for name, entries in _code_lists().items():
        field = "economic" if name.startswith("economic_") else name
        for label, code, _km, _en in entries:
            known["labels"][field][label] = code
    for code in Code.objects.all():
        if code.kind == Code.Kind.PROGRAMME and code.parent:
            known["subprogramme"][code.code] = code.parent
        elif code.kind == Code.Kind.ECONOMIC:
            known["economic"][code.code] = code.direction
        elif code.kind == Code.Kind.SECTOR:
            known["sector"].add(code.code)
        elif code.kind == Code.Kind.SOURCE:
            known["source"].add(code.code)
    return known


def _read_sheet(ws, direction, known, problems):
    fields = COLUMNS[direction]
    sheet = ws.title
    lines = []
    totals = None
    seen = {}
    count = 0
    for row_number, values in enumerate(
        ws.iter_rows(min_row=FIRST_ROW, max_col=len(fields), values_only=True), start=FIRST_ROW
    ):
        values = [_clean(v) for v in (*values, *[None] * (len(fields) - len(values)))]
        # Blank rows cost time too: a cell at row 1,048,576 would make a million of them.
        too_far = row_number >= FIRST_ROW + 5 * MAX_ROWS
        if all(v in (None, "") for v in values) and not too_far:
            continue
        count += 1
        if count > MAX_ROWS or too_far:
            problems.append(
                Problem(
                    sheet=sheet,
                    message=_("The sheet has more than %(limit)d lines.") % {"limit": MAX_ROWS},
                )
            )
            return []
        cells = dict(zip(fields, values, strict=True))
        where = {"sheet": sheet, "row": row_number}
        if str(values[0] or "").strip().lower().startswith(TOTAL_WORDS):
            totals = (row_number, cells)
            continue
        line = {"direction": direction, "position": count, "where": where}
        for field in fields:
            column = get_column_letter(fields.index(field) + 1)
            value = cells[field]
            problem = _check_field(field, value, direction, known, line)
            if problem:
                problems.append(Problem(**where, column=column, field=field, message=problem))
        if all(line.get(f) is not None for f in ("name_km", "planned")):
            key = tuple(line.get(f, "") for f in LINE_KEY)
            if key in seen:
                problems.append(
                    Problem(
                        **where,
                        message=_("This line repeats row %(row)d.") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = row_number
        lines.append(line)
    if totals is not None:
        _check_totals(sheet, fields, totals, lines, problems)
    return lines


def _clean(value):
    if isinstance(value, str):
        return value.strip()
    return value


def _check_field(field, value, direction, known, line):
    """Store ``value`` in ``line`` under ``field`` and return a problem with it, if any."""
    if field in AMOUNTS:
        if value in (None, ""):
            if field == "planned":
                line["planned"] = None
                return _("The planned amount is missing.")
            line[field] = None if field == "revised" else 0
            return None
        number = _as_int(value)
        if number is None:
            return _("“%(value)s” is not a whole number of riel.") % {"value": value}
        if number < 0:
            return _("An amount cannot be negative.")
        if number > MAX_AMOUNT:
            return too_large()
        line[field] = number
        return None
    text = "" if value is None else str(value)
    if field in ("subprogramme", "economic", "sector", "source"):
        text = _as_code(value)
        text = known["labels"][field].get(str(value).strip() if value is not None else "", text)
        line[field] = text
        if not text:
            if field in ("sector",) or (field == "subprogramme" and direction == "revenue"):
                return None
            return _("The code is missing.")
        if field == "subprogramme":
            if text not in known["subprogramme"]:
                return _unknown(text)
            line["programme"] = known["subprogramme"][text]
        elif field == "economic":
            if known["economic"].get(text, None) not in ("", direction):
                return _unknown(text)
        elif text not in known[field]:
            return _unknown(text)
        return None
    if field == "name_km" and not text:
        line["name_km"] = None
        return _("The name in Khmer is missing.")
    limit = BudgetLine._meta.get_field(field).max_length
    line[field] = text[:limit]
    if len(text) > limit:
        return _("This text is longer than %(limit)d characters.") % {"limit": limit}
    return None


def too_large():
    return _("The amount is too large: at most %(max)s riel.") % {"max": f"{MAX_AMOUNT:,}"}


def _unknown(code):
    return _("Unknown code “%(code)s”: choose one from the list.") % {"code": code}


def _as_code(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().translate(KHMER_DIGITS)


def _as_int(value):
    """Whole riel from a cell: numbers, or text with Latin or Khmer digits and separators."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.translate(KHMER_DIGITS).replace(",", "").replace(" ", "").replace("\u00a0", "")
        if WHOLE_NUMBER.fullmatch(text):
            # Python refuses to read more than 4,300 digits; any number that long is simply
            # too large, and says so (see MAX_AMOUNT).
            if len(text) > 30:
                return -(10**30) if text.startswith("-") else 10**30
            return int(text)
    return None


def _check_totals(sheet, fields, totals, lines, problems):
    row_number, cells = totals
    for field in AMOUNTS:
        typed = cells[field]
        if typed in (None, ""):
            continue
        column = get_column_letter(fields.index(field) + 1)
        number = _as_int(typed)
        expected = sum(line.get(field) or 0 for line in lines)
        if number is None:
            message = _("“%(value)s” is not a whole number of riel.") % {"value": typed}
        elif number != expected:
            # Says which way it is wrong: "only" was wrong when the total was the smaller.
            if number > expected:
                text = _("The total is %(found)s, more than the lines, which add up to %(sum)s.")
            else:
                text = _("The total is %(found)s, less than the lines, which add up to %(sum)s.")
            message = text % {"found": f"{number:,}", "sum": f"{expected:,}"}
        else:
            continue
        problems.append(
            Problem(sheet=sheet, row=row_number, column=column, field=field, message=message)
        )

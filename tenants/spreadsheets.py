"""Cells the project writes into CSV and XLSX files, made safe to open in a spreadsheet.

Officers type the text that ends up in open data, the scorecard and the budget template. A cell
beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel and
LibreOffice as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``), so each writer goes
through this module (OWASP's "CSV Injection" guidance):

- CSV (``csv_cell``, ``CsvWriter``): such text gets a leading apostrophe, which spreadsheets
  show as text and never run. Numbers are written as numbers, untouched, so ``-5`` stays
  numeric; only text is changed. CSV files are downloads, never read back by the project.
- XLSX written with openpyxl (``text_only``, on the workbook just before it is saved): every
  text cell is forced to the string type, formula-like ones with the "quote prefix" style Excel
  itself sets when a user types ``'=...``, so they stay text even when edited. The text itself
  is unchanged, so what the project reads back (the budget template, re-imported) is exactly
  what it wrote: there is nothing to undo, and any label round-trips.
- XLSX written by ``district_site.opendata.xlsx`` (the streaming writer for large tables) never
  writes a formula element at all: every text is an inline string.

And the checks every uploaded spreadsheet passes before it is opened (``read_upload``,
``check_unpacked``): the budget import and the provincial console's bulk invitations alike.
"""

import csv
import io
import zipfile

from django.utils.translation import gettext as _

# OWASP: "=", "+", "-", "@", tab (0x09) and carriage return (0x0D); a line feed is added since
# LibreOffice treats it like a carriage return at the start of a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_formula_like(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """``value`` as a CSV cell may carry it: formula-like text prefixed with an apostrophe,
    anything else (numbers included) as it is."""
    if is_formula_like(value):
        return "'" + value
    return value


class CsvWriter:
    """``csv.writer`` whose rows go through ``csv_cell``: the one way the project writes CSV."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def text_cell(cell):
    """Make an openpyxl ``cell`` holding text a plain string, never a formula (openpyxl turns
    any text beginning with "=" into one)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if is_formula_like(cell.value):
            cell.quotePrefix = True
    return cell


def text_only(workbook):
    """Pass every cell of an openpyxl ``workbook`` through ``text_cell``: called once, just
    before saving, so no cell written anywhere in it can be a formula."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text_cell(cell)
    return workbook


class UploadRefused(ValueError):
    """An uploaded file refused before it is opened; ``str()`` says why, in the active
    language, for the person who sent it."""


def read_upload(upload, max_bytes):
    """The bytes of ``upload``; refused when larger than ``max_bytes`` (its declared size is
    believed first, and no more than one byte past the limit is ever read) or empty."""
    too_large = _("The file is larger than %(limit)d MB.") % {"limit": max_bytes // 1024 // 1024}
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise UploadRefused(too_large)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRefused(too_large)
    if not data:
        raise UploadRefused(_("The file is empty."))
    return data


def check_unpacked(data, max_unpacked_bytes):
    """Refuse an .xlsx that unpacks to more than ``max_unpacked_bytes``: it is a zip, and a
    small file can unpack to gigabytes of XML that openpyxl would hold. False when ``data`` is
    no zip at all (the caller says what it expected instead), True when it may be opened."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return False
    if unpacked > max_unpacked_bytes:
        raise UploadRefused(
            _("The file unpacks to more than %(limit)d MB.")
            % {"limit": max_unpacked_bytes // 1024 // 1024}
        )
    return True

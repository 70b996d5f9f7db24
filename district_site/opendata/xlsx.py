"""A minimal, streaming XLSX writer for large tables.

openpyxl, even in write-only mode, spends about 20 µs per cell building XML elements: the
platform-wide execution file (some 55,000 rows of 21 columns at 200 districts) took most of a
minute. This writes the same SpreadsheetML parts as plain text, with inline strings (no shared
string table to hold in memory), and is read back by openpyxl, Excel and LibreOffice alike."""

import io
import re
import zipfile
from xml.sax.saxutils import escape

# Characters XML 1.0 forbids, even escaped.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<sheets>{sheets}</sheets></workbook>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{relations}</Relationships>"
)
_RELATION = (
    '<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"


def column_letter(index):
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell(reference, value):
    if value is None or value == "":
        # An empty text cell rather than none: readers count a row's cells up to its last one,
        # and a row whose last cells were missing would look short.
        return f'<c r="{reference}" t="inlineStr"><is><t></t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    # Always an inline string, never a formula, whatever the text begins with (see
    # tenants.spreadsheets). A carriage return is written as a character reference, since XML
    # readers turn a literal one into a line feed.
    text = escape(_ILLEGAL.sub("", str(value))).replace("\r", "&#13;")
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet(handle, rows):
    handle.write(_SHEET_START.encode())
    letters = []
    for number, row in enumerate(rows, 1):
        while len(letters) < len(row):
            letters.append(column_letter(len(letters)))
        cells = "".join(_cell(f"{letters[i]}{number}", value) for i, value in enumerate(row))
        handle.write(f'<row r="{number}">{cells}</row>'.encode())
    handle.write(_SHEET_END.encode())


def workbook(sheets):
    """``sheets``: (name, rows) pairs, rows being lists of str, int, float, bool or None."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        count = len(sheets)
        archive.writestr(
            "[Content_Types].xml",
            _CONTENT_TYPES.format(
                sheets="".join(_SHEET_TYPE.format(n=n) for n in range(1, count + 1))
            ),
        )
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr(
            "xl/workbook.xml",
            _WORKBOOK.format(
                sheets="".join(
                    f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
                    for n, (name, _rows) in enumerate(sheets, 1)
                )
            ),
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            _WORKBOOK_RELS.format(
                relations="".join(_RELATION.format(n=n) for n in range(1, count + 1))
            ),
        )
        for n, (_name, rows) in enumerate(sheets, 1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w") as handle:
                _sheet(handle, rows)
    return out.getvalue()

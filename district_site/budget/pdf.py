"""The citizens' budget as a one-page PDF in Khmer, for printing and passing on where people
read paper more than screens (a commune notice board, a village meeting).

Drawn by WeasyPrint from an HTML template: it lays text out with Pango and shapes Khmer with
HarfBuzz, so subscript consonants and vowel signs come out as on screen (a PDF library drawing
glyph by glyph would break them). Text copied out of the PDF is less faithful: a PDF maps each
glyph to one text, so a Khmer cluster whose glyphs shaping reorders or shares (a subscript ro,
a split vowel) may come out with a mark missing; the web page stays the text to search and
copy, and this sheet is for reading and printing. The font is the Noto Sans Khmer subset the
site already ships (static/fonts/), with Khmer OS (Debian's fonts-khmeros) behind it for Latin
digits and signs.

A PDF takes about a second of CPU to draw, so it is drawn once per published budget version
and execution report (their hashes name the file) and kept in the district's own storage
(tenants/storage.py keeps each district's files under its schema); a new version or report
gets a new name, and the old file is simply not asked for again."""

from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

FOLDER = "budget/citizens-budget"


def stored_name(budget, version, execution):
    report = execution.sha256[:16] if execution else "none"
    return f"{FOLDER}/{budget.year}-{version.sha256[:16]}-{report}.pdf"


def citizens_budget(context, *, name):
    """The PDF's bytes: from the district's storage when this version was drawn before, else
    drawn now from ``context`` (budget/citizens_budget_pdf.html) and stored under ``name``."""
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    data = render(context)
    default_storage.save(name, ContentFile(data))
    return data


STYLESHEET = Path(__file__).resolve().parent / "data" / "citizens_budget.css"


def render(context):
    # Imported here: WeasyPrint loads Pango when imported, which only this view needs.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    # The stylesheet is a file, not a <style> in the template: no template holds inline style
    # (the Content-Security-Policy's rule, tests/platform_site/test_security_headers.py).
    static = f"{Path(settings.BASE_DIR) / 'static'}/"
    fonts = FontConfiguration()
    css = CSS(string=STYLESHEET.read_text("utf-8"), base_url=static, font_config=fonts)
    with translation.override("km"):
        html = render_to_string("budget/citizens_budget_pdf.html", context)
    return HTML(string=html, base_url=static).write_pdf(stylesheets=[css], font_config=fonts)

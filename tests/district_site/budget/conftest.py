"""Budget fixtures: officers' Excel files made with openpyxl, as an officer's spreadsheet
program would save them, starting from the template the app itself generates."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from district_site.budget import actions
from district_site.budget.importer import SHEETS, build_template
from tests.district_site.conftest import log_in

REVENUE = SHEETS["revenue"]
EXPENDITURE = SHEETS["expenditure"]

# A small budget in the template's column order (see importer.COLUMNS).
REVENUE_ROWS = [
    ["dm_admin", "74", "មូលនិធិស្រុក ផ្នែករដ្ឋបាល", "District fund, administration", 1_250_000_000],
    ["own", "71", "កម្រៃសេវា", "Service fees", 95_000_000, None, 20_000_000, 25_000_000],
]
EXPENDITURE_ROWS = [
    ["1.1", "", "64", "01", "dm_admin", "ប្រាក់បំណាច់ក្រុមប្រឹក្សា", "Council allowances",
     420_000_000, None, 105_000_000, 105_000_000],
    ["1.2", "", "60", "01", "own", "ប្រេងឥន្ធនៈ", "Fuel", 60_000_000],
    ["3.1", "", "21", "04", "dm_admin", "ផ្លូវក្រួសក្រហម", "Laterite road", 210_000_000,
     230_000_000, 0, 100_000_000],
]  # fmt: skip


def workbook_bytes(
    district, year, *, revenue=REVENUE_ROWS, expenditure=EXPENDITURE_ROWS, edit=None
):
    """The app's own template for ``district`` and ``year``, filled in with rows and changed
    further by ``edit(workbook)`` when given, saved as .xlsx bytes."""
    with tenant_context(district):
        template = build_template(year=year, district_code=district.code)
    wb = load_workbook(io.BytesIO(template))
    for row in revenue:
        wb[REVENUE].append(row)
    for row in expenditure:
        wb[EXPENDITURE].append(row)
    if edit:
        edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def in_khmer(message, plural=None, count=None, **params):
    """``message`` as the console shows it: the console is in Khmer (see
    tests/district_site/conftest.says), filled with ``params`` and HTML-escaped."""
    with translation.override("km"):
        if plural:
            text = translation.ngettext(message, plural, count)
        else:
            text = translation.gettext(message)
    return escape(text % params if params else text)


def upload(data, name="budget.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def officer_client(host_client, make_officer):
    """A client logged in as an officer of ``district`` with ``role``; the console is in
    Khmer, so tests compare with ``in_khmer``."""

    def make(district, role="publisher"):
        client = host_client(district.primary_domain)
        email = make_officer(district, role)
        assert log_in(client, email).status_code == 302
        return client

    return make


@pytest.fixture
def draft(make_district):
    """A fresh district with an empty draft for 2025."""

    def make(year=2025):
        district = make_district()
        with tenant_context(district):
            budget = actions.open_budget(year, actor="test")
        return district, budget

    return make


def km(message, plural=None, count=None, **values):
    """``message`` as the Khmer console shows it: translated, filled in and HTML-escaped."""
    from django.utils.html import escape
    from django.utils.translation import gettext, ngettext, override

    with override("km"):
        text = ngettext(message, plural, count) if plural else gettext(message)
    return escape(text % values if values else text)


def khmer(message, plural=None, count=None, **params):
    """``message`` as the console shows it: the console has no language prefix, so officers
    read it in Khmer, with ``params`` filled in, as HTML-escaped text."""
    from django.utils import translation
    from django.utils.html import escape

    with translation.override("km"):
        text = (
            translation.ngettext(message, plural, count) if plural else translation.gettext(message)
        )
    return escape(text % params if params else text)

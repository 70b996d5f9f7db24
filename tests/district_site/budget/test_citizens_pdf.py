"""The citizens' budget as a one-page PDF in Khmer (district_site/budget/pdf.py): drawn by
WeasyPrint, read back here with pypdf as a reader's PDF viewer would extract its text, kept in
the district's own storage per published version, and never another district's."""

import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from district_site.budget import figures, pdf
from district_site.budget.demo import seed as seed_demo_budget
from district_site.budget.models import Budget, Code
from district_site.core.templatetags.khmer import KHMER_DIGITS


@pytest.fixture(scope="module")
def budget_district(make_district, django_db_blocker):
    district = make_district()
    with django_db_blocker.unblock():
        seed_demo_budget(district)
    return district


def _text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return len(reader.pages), "".join(page.extract_text() for page in reader.pages)


def test_the_citizens_budget_is_one_page_of_khmer_text_with_the_budgets_own_words(
    budget_district, host_client
):
    """Drawing the PDF takes a few seconds of CPU on a loaded machine (WeasyPrint)."""
    response = host_client(budget_district.primary_domain).get("/budget/2025/citizens-budget.pdf")

    assert response.status_code == 200
    pages, text = _text(response)
    assert pages == 1
    # Words of the budget, as a PDF viewer extracts them. The PDF maps each glyph to one text
    # (its ToUnicode table), so clusters whose glyphs Khmer shaping reorders or shares (a
    # subscript ro, a split vowel) can come out with a mark missing; the words checked here are
    # made of glyphs that map one to one, and the web page stays the text to search and copy.
    assert "ថវិកា" in text and "ពលរដ្ឋ" in text
    assert "២០២៥" in text  # the year in the district's Khmer digits
    with tenant_context(budget_district):
        budget = Budget.objects.get(year=2025)
        revenue = figures.year_at_a_glance(budget.latest_version.lines)["revenue"]
        programmes = list(
            Code.objects.filter(kind=Code.Kind.PROGRAMME, parent="").values_list(
                "name_km", flat=True
            )
        )
    assert f"{revenue.current:,}".translate(KHMER_DIGITS) in text
    found = [name for name in programmes if name and name in text]
    assert found, f"no programme name of the budget in the PDF's text: {text[:400]!r}"


def test_the_pdf_is_kept_per_published_version_in_the_districts_storage(
    budget_district, host_client
):
    client = host_client(budget_district.primary_domain)
    first = client.get("/en/budget/2026/citizens-budget.pdf").content
    with tenant_context(budget_district):
        budget = Budget.objects.get(year=2026)
        name = pdf.stored_name(budget, budget.latest_version, budget.latest_execution)
        assert default_storage.exists(name)
        with default_storage.open(name) as file:
            stored = file.read()

    again = client.get("/budget/2026/citizens-budget.pdf").content

    assert stored == first == again  # the second answer is the stored file, not drawn again


def test_another_district_cannot_get_a_districts_pdf(budget_district, make_district, host_client):
    client = host_client(budget_district.primary_domain)
    assert client.get("/budget/2025/citizens-budget.pdf").status_code == 200
    with tenant_context(budget_district):
        budget = Budget.objects.get(year=2025)
        name = pdf.stored_name(budget, budget.latest_version, budget.latest_execution)
    other = make_district()

    answer = host_client(other.primary_domain).get("/budget/2025/citizens-budget.pdf")

    assert answer.status_code == 404
    with tenant_context(other):
        assert not default_storage.exists(name)
    # Nor by the media address, where the district's own files are served.
    assert host_client(other.primary_domain).get(f"/media/{name}").status_code == 404


def test_an_unpublished_year_has_no_pdf(budget_district, host_client):
    assert (
        host_client(budget_district.primary_domain)
        .get("/budget/1999/citizens-budget.pdf")
        .status_code
        == 404
    )


def test_the_budget_page_links_to_the_pdf_and_prints_without_the_menu(budget_district, host_client):
    page = host_client(budget_district.primary_domain).get("/en/budget/2025/").content.decode()

    assert 'href="/en/budget/2025/citizens-budget.pdf"' in page
    stylesheet = Path(finders.find("budget.css")).read_text(encoding="utf-8")
    assert "@media print" in stylesheet
    assert ".share" in stylesheet.split("@media print", 1)[1]

"""The accessibility statement and the privacy notice every district has (pages/views.py):
linked from every page's footer, in Khmer and English, filled with the district's own name and
contact, and the privacy notice saying what feedback keeps and for how long as the code does."""

import pytest
from django.conf import settings
from django_tenants.utils import tenant_context

from district_site.core import actions as core_actions


@pytest.fixture(scope="module")
def district(make_district, django_db_blocker):
    district = make_district()
    with django_db_blocker.unblock(), tenant_context(district):
        core_actions.update_profile(actor=None, phone="012 999 888", email="office@example.gov.kh")
    return district


@pytest.mark.parametrize(
    "path", ["/p/accessibility/", "/p/privacy/", "/en/p/accessibility/", "/en/p/privacy/"]
)
def test_each_statement_names_the_district_and_how_to_reach_it(host_client, district, path):
    page = host_client(district.primary_domain).get(path)

    assert page.status_code == 200
    body = page.content.decode()
    assert district.name in body
    assert 'href="tel:012999888"' in body
    assert 'href="mailto:office@example.gov.kh"' in body
    assert "/feedback/" in body


def test_every_page_links_to_both_statements_in_its_footer(host_client, district):
    client = host_client(district.primary_domain)

    khmer = client.get("/news/").content.decode().split("<footer>", 1)[1]
    english = client.get("/en/news/").content.decode().split("<footer>", 1)[1]

    assert 'href="/p/accessibility/">ភាពងាយស្រួលប្រើ</a>' in khmer
    assert 'href="/p/privacy/">ឯកជនភាព</a>' in khmer
    assert 'href="/en/p/accessibility/">Accessibility</a>' in english
    assert 'href="/en/p/privacy/">Privacy</a>' in english


def test_the_privacy_notice_says_what_feedback_keeps_and_for_how_long(host_client, district):
    client = host_client(district.primary_domain)

    english = client.get("/en/p/privacy/").content.decode()
    khmer = client.get("/p/privacy/").content.decode()

    assert "phone number or e-mail address is never shown on a public page" in english
    assert "nothing deletes it automatically" in english
    assert f"the newest {settings.BACKUP_KEEP} are kept" in english
    assert "in periods of 60 minutes" in english
    # The Khmer notice, with the numbers in the district's Khmer digits.
    backups = str(settings.BACKUP_KEEP).translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"))
    assert "គ្មានអ្វីលុបវាដោយស្វ័យប្រវត្តិទេ" in khmer
    assert f"រក្សាទុកតែ {backups}" in khmer
    assert "៦០ នាទី" in khmer


def test_both_statements_are_in_the_sitemap(host_client, district):
    sitemap = host_client(district.primary_domain).get("/sitemap.xml").content.decode()

    site = f"http://{district.primary_domain}:8000"
    for path in ("/p/accessibility/", "/p/privacy/", "/en/p/accessibility/", "/en/p/privacy/"):
        assert f"<loc>{site}{path}</loc>" in sitemap

"""Rows written in one district's schema are invisible from any other host and from the
platform."""

import pytest
from django.db import connection
from django.db.utils import ProgrammingError
from django_tenants.utils import schema_context

from district_site.pages.models import Page


def _write_secret_page(district, slug):
    with schema_context(district.schema_name):
        return Page.objects.create(slug=slug, title_km="ឯកសារសម្ងាត់", title_en=f"Only {slug}")


def test_a_page_of_district_a_is_not_found_on_district_bs_host(host_client, district_a, district_b):
    _write_secret_page(district_a, "only-in-a")

    assert host_client(district_a.primary_domain).get("/en/p/only-in-a/").status_code == 200
    assert host_client(district_b.primary_domain).get("/en/p/only-in-a/").status_code == 404


def test_district_bs_queries_never_return_district_as_rows(district_a, district_b):
    _write_secret_page(district_a, "a-only-row")

    with schema_context(district_b.schema_name):
        assert not Page.objects.filter(slug="a-only-row").exists()
    with schema_context(district_a.schema_name):
        assert Page.objects.filter(slug="a-only-row").exists()


def test_the_public_schema_has_no_district_content_at_all(district_a):
    _write_secret_page(district_a, "not-public")

    with schema_context("public"), pytest.raises(ProgrammingError):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pages_page")


def test_the_platform_host_does_not_serve_district_pages(host_client, district_a):
    _write_secret_page(district_a, "not-on-platform")

    assert host_client("localhost").get("/en/p/not-on-platform/").status_code == 404

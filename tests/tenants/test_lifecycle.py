"""Suspending, resuming and archiving a district: what citizens see, what is kept, what is
recorded."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override
from django_tenants.utils import schema_context

from district_site.pages.models import Page
from tenants import actions, backups
from tenants.models import AuditEvent, District


def test_a_suspended_district_shows_a_notice_and_keeps_its_data(make_district, host_client):
    district = make_district()
    client = host_client(district.primary_domain)

    actions.suspend_district(district, actor="province@example.org")

    response = client.get("/en/p/about/")
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()
    assert client.get("/manage/login/").status_code == 503
    with schema_context(district.schema_name):
        assert Page.objects.filter(slug="about").exists()


def test_resuming_brings_the_site_back(make_district, host_client):
    district = make_district()
    actions.suspend_district(district, actor="province@example.org")

    actions.resume_district(district, actor="province@example.org")

    assert host_client(district.primary_domain).get("/en/p/about/").status_code == 200
    assert list(AuditEvent.objects.filter(district=district).values_list("action", flat=True)) == [
        "resumed",
        "suspended",
    ]


def test_the_notice_is_in_khmer_at_the_khmer_address(make_district, host_client):
    district = make_district()
    actions.suspend_district(district, actor="cli")

    body = host_client(district.primary_domain).get("/").content.decode()

    assert "ស្រុក" in body and "temporarily" not in body


def test_archiving_is_refused_without_a_backup(make_district):
    district = make_district()

    with override("en"), pytest.raises(ValidationError, match="Back up"):
        actions.archive_district(district, actor="province@example.org")

    district.refresh_from_db()
    assert district.status == District.Status.ACTIVE


def test_archiving_after_a_backup_archives(make_district, host_client):
    district = make_district()
    backups.backup_district(district)

    actions.archive_district(district, actor="province@example.org")

    district.refresh_from_db()
    assert district.status == District.Status.ARCHIVED
    assert "archived" in host_client(district.primary_domain).get("/en/").content.decode()

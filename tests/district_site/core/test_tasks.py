"""Background work runs in the schema of the district that asked for it."""

import time

import pytest

from tenants.models import DistrictSnapshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.worker


def _wait_for_snapshot(district, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        snapshot = DistrictSnapshot.objects.filter(district=district).first()
        if snapshot is not None:
            return snapshot
        time.sleep(0.05)
    raise AssertionError(f"no snapshot of {district} after {timeout}s")


def test_a_task_queued_from_as_request_runs_in_as_schema_on_a_real_worker(
    celery_worker, host_client, make_district, make_officer
):
    district_a, district_b = make_district(), make_district()
    # B publishes one page fewer than A, so counting in the wrong schema shows.
    from django_tenants.utils import schema_context

    from district_site.pages.models import Page

    with schema_context(district_b.schema_name):
        Page.objects.filter(slug="contact").update(is_published=False)
    email = make_officer(district_a, "publisher")
    client = host_client(district_a.primary_domain)
    client.post("/manage/login/", {"username": email, "password": PASSWORD})
    with schema_context(district_a.schema_name):
        about = Page.objects.get(slug="about")

    response = client.post(
        f"/manage/pages/{about.pk}/",
        {
            "title_km": "អំពីស្រុក",
            "title_en": "About us",
            "body_km": "",
            "body_en": "",
            "show_in_menu": "on",
        },
    )

    assert response.status_code == 302
    snapshot = _wait_for_snapshot(district_a)
    with schema_context(district_a.schema_name):
        assert snapshot.figures["pages_published"] == Page.objects.visible().count() == 4
    assert not DistrictSnapshot.objects.filter(district=district_b).exists()


def test_publishing_a_budget_tells_the_scorecard_through_the_worker(celery_worker, make_district):
    """The budget's publish action announces content_published; the snapshot task that follows
    records the year for this district only."""
    from django_tenants.utils import tenant_context

    from district_site.budget import actions
    from district_site.budget.demo import _import_and_publish, demo_lines

    district, other = make_district(), make_district()
    with tenant_context(district):
        budget = actions.open_budget(2026, actor="test")
        _import_and_publish(district, budget, demo_lines(district.code, 2026, executed=False))

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        snapshot = DistrictSnapshot.objects.filter(district=district).first()
        if snapshot is not None and snapshot.figures["budget_year"] == 2026:
            break
        time.sleep(0.05)
    assert snapshot is not None and snapshot.figures["budget_year"] == 2026
    assert snapshot.figures["budget_published_at"] is not None
    assert not DistrictSnapshot.objects.filter(district=other, figures__budget_year=2026).exists()

"""The host -> district lookup costs no query when warm and never serves a stale answer."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.models import District, Domain


def test_a_warm_lookup_makes_no_database_query(district_a):
    host = district_a.primary_domain
    Domain.objects.district_for_host(host)

    with CaptureQueriesContext(connection) as queries:
        district = Domain.objects.district_for_host(host)

    assert district.schema_name == district_a.schema_name
    assert len(queries) == 0


def test_a_warm_request_does_not_query_the_domain_table(host_client, district_a):
    client = host_client(district_a.primary_domain)
    client.get("/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/")

    assert not [q for q in queries if "tenants_domain" in q["sql"]]


def test_an_unknown_host_is_cached_too(district_a):
    Domain.objects.district_for_host("flood.example.org")

    with CaptureQueriesContext(connection) as queries:
        assert Domain.objects.district_for_host("flood.example.org") is None

    assert len(queries) == 0


def test_a_new_domain_is_served_at_once(district_a):
    assert Domain.objects.district_for_host("new-official.gov.kh") is None

    Domain.objects.create(domain="new-official.gov.kh", tenant=district_a, is_primary=False)

    assert Domain.objects.district_for_host("new-official.gov.kh").pk == district_a.pk


def test_a_removed_domain_stops_being_served_at_once(host_client, district_a):
    domain = Domain.objects.create(
        domain="old-official.gov.kh", tenant=district_a, is_primary=False
    )
    assert host_client("old-official.gov.kh").get("/").status_code == 200

    domain.delete()

    assert host_client("old-official.gov.kh").get("/").status_code == 404


def test_a_change_to_the_district_is_seen_at_once(make_district):
    district = make_district()
    Domain.objects.district_for_host(district.primary_domain)

    district.status = District.Status.SUSPENDED
    district.save(update_fields=["status"])

    cached = Domain.objects.district_for_host(district.primary_domain)
    assert cached.status == District.Status.SUSPENDED

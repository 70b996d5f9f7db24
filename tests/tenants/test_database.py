"""The database backend recycles a connection once it has served CONN_MAX_SCHEMAS districts,
at the points where Django recycles connections (a request or a task starting or ending), and
never between them."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import connection
from django_tenants.utils import schema_context


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.fixture
def max_schemas():
    """CONN_MAX_SCHEMAS of 3 for the test, on a fresh connection."""
    previous = connection.settings_dict.get("CONN_MAX_SCHEMAS")
    connection.close()
    connection.settings_dict["CONN_MAX_SCHEMAS"] = 3
    yield 3
    connection.settings_dict["CONN_MAX_SCHEMAS"] = previous
    connection.close()


def serve(district):
    """What a request for ``district`` does to the connection: start, query its schema, end."""
    request_started.send(sender=None)
    with schema_context(district.schema_name), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pages_page")
        pid = backend_pid()
    request_finished.send(sender=None)
    return pid


def test_a_connection_is_recycled_after_serving_the_configured_number_of_districts(
    make_district, max_schemas
):
    """Requests for districts 1 and 2 (and 1 again) share one PostgreSQL backend; the request
    that brings a third district closes it when it ends, so the fourth district is served by a
    new backend, which again lasts for three."""
    districts = [make_district() for _ in range(5)]
    first = serve(districts[0])
    assert serve(districts[1]) == first
    assert serve(districts[0]) == first  # the same district again counts once
    assert serve(districts[2]) == first
    assert connection.connection is None  # closed as the third district's request ended
    second = serve(districts[3])
    assert second != first
    assert serve(districts[4]) == second
    assert serve(districts[0]) == second
    assert connection.connection is None


def test_the_public_schema_between_two_districts_does_not_count_as_a_district(
    make_district, max_schemas
):
    """Every request reads the public schema (domains, sessions, the visits flush after the
    response): only districts count towards the limit."""
    districts = [make_district() for _ in range(2)]
    first = serve(districts[0])
    request_started.send(sender=None)
    with connection.cursor() as cursor:  # the public schema
        cursor.execute("SELECT count(*) FROM tenants_domain")
    request_finished.send(sender=None)
    assert serve(districts[1]) == first
    assert connection.connection is not None


def test_without_a_limit_a_connection_serves_any_number_of_districts(make_district, max_schemas):
    """CONN_MAX_SCHEMAS 0 leaves recycling to CONN_MAX_AGE alone."""
    connection.settings_dict["CONN_MAX_SCHEMAS"] = 0
    pids = {serve(make_district()) for _ in range(4)}
    assert len(pids) == 1

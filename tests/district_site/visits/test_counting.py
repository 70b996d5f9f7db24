"""Every page a citizen reads is counted on the server, page-cache hits included, with no cookie
and no address kept; robots, the console and files are not counted; counts wait in the process
and reach the district's own tables in one statement, and one district's counts never reach
another's."""

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from district_site.visits import counting
from district_site.visits.models import FruitlessSearch, PageVisits


@pytest.fixture(autouse=True)
def _nothing_waiting():
    counting.flush()
    yield
    counting.flush()


def _visits(district):
    counting.flush()
    with tenant_context(district):
        return {row.path: row.count for row in PageVisits.objects.filter(week=counting.week_of())}


def _searches(district):
    counting.flush()
    with tenant_context(district):
        return {row.query: row.count for row in FruitlessSearch.objects.all()}


def test_every_page_view_is_counted_cache_hits_included_with_no_cookie(make_district, host_client):
    district = make_district()
    citizen = host_client(district.primary_domain)

    responses = [citizen.get("/") for _view in range(3)]
    citizen.get("/en/")

    assert _visits(district) == {"/": 3, "/en/": 1}
    assert all(not response.cookies for response in responses)
    # The second and third were served from the page cache, and counted all the same.
    assert responses[1].content == responses[0].content


def test_nothing_that_identifies_a_reader_is_stored(make_district, host_client):
    district = make_district()
    host_client(district.primary_domain).get("/", REMOTE_ADDR="203.0.113.9")
    counting.flush()

    with tenant_context(district), connection.cursor() as cursor:
        columns = {
            table: [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            for table in ("visits_pagevisits", "visits_fruitlesssearch")
        }
    assert columns == {
        "visits_pagevisits": ["id", "path", "week", "count"],
        "visits_fruitlesssearch": ["id", "query", "week", "count"],
    }


def test_robots_the_console_files_and_errors_are_not_counted(make_district, host_client, officer):
    district = make_district()
    citizen = host_client(district.primary_domain)

    citizen.get("/", HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    citizen.get("/no-such-page/")
    citizen.get("/robots.txt")
    citizen.get("/sitemap.xml")
    officer(district, "editor").get("/manage/")

    assert _visits(district) == {}


def test_a_districts_counts_never_reach_another(make_district, host_client):
    district_a, district_b = make_district(), make_district()

    host_client(district_a.primary_domain).get("/")
    host_client(district_a.primary_domain).get("/")
    host_client(district_b.primary_domain).get("/en/")

    assert _visits(district_a) == {"/": 2}
    assert _visits(district_b) == {"/en/": 1}


def test_counts_add_up_across_flushes_in_one_row_per_page_and_week(make_district, host_client):
    district = make_district()
    citizen = host_client(district.primary_domain)
    citizen.get("/")
    counting.flush()
    citizen.get("/")

    assert _visits(district) == {"/": 2}
    with tenant_context(district):
        assert PageVisits.objects.count() == 1


def test_searches_that_found_nothing_are_counted_normalised_without_personal_data(
    make_district, host_client
):
    district_a, district_b = make_district(), make_district()
    citizen = host_client(district_a.primary_domain)

    citizen.get("/en/search/", {"q": "  Flying   CARPETS "})
    citizen.get("/en/search/", {"q": "flying carpets"})
    citizen.get("/en/search/", {"q": "call me 012 345 678"})
    citizen.get("/en/search/", {"q": "someone@example.org"})
    citizen.get("/en/search/", {"q": "about"})  # finds the district's About page

    assert _searches(district_a) == {"flying carpets": 2}
    assert _searches(district_b) == {}


def test_counts_wait_when_the_database_refuses_and_arrive_later(make_district, host_client):
    district = make_district()
    host_client(district.primary_domain).get("/")
    table = f'"{district.schema_name}".visits_pagevisits'
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO visits_away")
    try:
        assert counting.flush() == 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                f'ALTER TABLE "{district.schema_name}".visits_away RENAME TO visits_pagevisits'
            )

    assert _visits(district) == {"/": 1}


def test_the_counts_of_a_district_removed_since_are_dropped(make_district, host_client):
    district = make_district()
    host_client(district.primary_domain).get("/")
    with connection.cursor() as cursor:
        cursor.execute(
            f'ALTER SCHEMA "{district.schema_name}" RENAME TO "{district.schema_name}_x"'
        )
    try:
        counting.flush()
        assert not counting._pending
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                f'ALTER SCHEMA "{district.schema_name}_x" RENAME TO "{district.schema_name}"'
            )


def test_normalising_keeps_khmer_and_drops_what_may_name_a_person():
    assert counting.normalise_query("  ផ្លូវ   ថ្មី ") == "ផ្លូវ ថ្មី"
    assert counting.normalise_query("a@b.org") is None
    assert counting.normalise_query("097 123 4567") is None
    assert counting.normalise_query("road 2026") == "road 2026"

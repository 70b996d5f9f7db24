"""The read-only JSON API on a district's host: checked by schemathesis against its own OpenAPI
document (no server error, every answer as documented), then the promises one by one:
pagination, ETags, CORS, JSON errors in the reader's language, and one district's rows only."""

import hypothesis
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from openapi_spec_validator import validate

from district_site.opendata.api import MAX_PAGE_SIZE

from .conftest import PRIVATE


def on_host(app, host):
    """The WSGI application with every request addressed to ``host``, as a browser sends it."""

    def wsgi(environ, start_response):
        return app({**environ, "HTTP_HOST": host, "SERVER_NAME": host}, start_response)

    return wsgi


@pytest.fixture
def api_schema(shared_published, settings):
    # Every generated request is to reach the API's views. Under the API's limit (120 a minute
    # from one address) all but the first 120 met the 429 instead: most operations were never
    # asked at all. The limit has its own tests (tests/district_site/test_rate_limits.py, and
    # the 429 below against the document).
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (100_000, 60)}
    district = shared_published[0]
    app = on_host(get_wsgi_application(), district.primary_domain)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")
# Random requests per operation in schemathesis's fuzzing phase (hypothesis's max_examples, 100
# unless set); the test's docstring says why this many.
FUZZED = 15


@hypothesis.settings(max_examples=FUZZED)
@schema.parametrize()
def test_every_operation_answers_as_its_openapi_document_says(case):
    """schemathesis generates requests for each operation from the OpenAPI document and checks each
    answer against it, with every check it has.

    An operation takes at most seven query parameters (page, page_size and up to five filters),
    each a bounded number, a year, a boolean, an enum or a string. schemathesis's coverage phase
    asks each parameter one at a time, the same requests every run (some 550 in all): its
    boundaries, each enum value, and each kind of wrong value (a string for a number, a number
    out of range, a value outside the enum, a control character). The fuzzing phase adds random
    requests, valid and invalid, parameters combined (where filters meet: an empty selection, a
    page past the end): ``FUZZED`` per operation, where hypothesis's default of 100 spent most
    of the test's time generating requests that add no new kind; the seed differs from run to
    run, so runs add up to many more.

    Slow (about 10-20 s): some 640 requests, each answered by the view.
    """
    case.call_and_validate()


def test_past_its_limit_the_api_answers_429_as_its_openapi_document_says(api_schema, settings):
    """The 429 the generated requests no longer meet: its status, Retry-After and JSON error as
    the document describes them, by schemathesis's own checks."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (1, 60)}
    case = api_schema["/api/v1/budget/"]["GET"].Case()

    case.call()
    refused = case.call()

    assert refused.status_code == 429
    case.validate_response(refused)  # raises on any departure from the document


def test_the_openapi_document_is_at_a_stable_address_and_describes_every_dataset(
    shared_published, host_client
):
    district = shared_published[0]
    document = host_client(district.primary_domain).get("/api/v1/openapi.json").json()

    validate(document)  # raises on any departure from the OpenAPI 3.0 specification
    assert document["openapi"].startswith("3.")
    paths = {"/api/v1/", "/api/v1/budget/", "/api/v1/execution/", "/api/v1/feedback-statistics/"}
    paths |= {"/api/v1/projects/", "/api/v1/project-progress/", "/api/v1/forums/"}
    assert paths <= set(document["paths"])


def test_rows_come_a_page_at_a_time_with_links_to_the_next_and_previous(
    shared_published, host_client
):
    district = shared_published[0]
    client = host_client(district.primary_domain)

    first = client.get("/api/v1/budget/", {"page_size": 50}).json()
    second = client.get("/api/v1/budget/", {"page_size": 50, "page": 2}).json()

    assert first["count"] == second["count"] == 69
    assert len(first["results"]) == 50 and len(second["results"]) == 19
    assert "page=2" in first["next"] and first["previous"] is None
    assert second["next"] is None and "page=1" in second["previous"]
    assert first["results"][0]["line"] == 1 and second["results"][0]["line"] != 1


def test_rows_can_be_selected_by_year_version_and_direction(shared_published, host_client):
    district = shared_published[0]
    client = host_client(district.primary_domain)

    latest = client.get(
        "/api/v1/budget/", {"fiscal_year": 2025, "latest": "true", "direction": "revenue"}
    ).json()

    assert latest["count"] == 5
    assert {(row["fiscal_year"], row["budget_version"]) for row in latest["results"]} == {(2025, 2)}


def test_an_unchanged_answer_is_not_sent_again(shared_published, host_client):
    district = shared_published[0]
    client = host_client(district.primary_domain)
    first = client.get("/api/v1/budget/")

    again = client.get("/api/v1/budget/", HTTP_IF_NONE_MATCH=first["ETag"])
    other_page = client.get("/api/v1/budget/?page=2", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304 and not again.content
    assert other_page.status_code == 200


def test_any_site_may_read_the_api_and_a_preflight_allows_only_reading(
    shared_published, host_client
):
    district = shared_published[0]
    client = host_client(district.primary_domain)

    answer = client.get("/api/v1/budget/", HTTP_ORIGIN="https://journalist.example")
    preflight = client.options(
        "/api/v1/budget/",
        HTTP_ORIGIN="https://journalist.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert answer["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in answer["Access-Control-Expose-Headers"]
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/nothing/", 404),
        ("get", "/api/v1/budget/?page=0", 400),
        ("get", f"/api/v1/budget/?page_size={MAX_PAGE_SIZE + 1}", 400),
        ("get", "/api/v1/budget/?fiscal_year=1850", 400),
        ("get", "/api/v1/feedback-statistics/?month=2026-13", 400),
        ("get", "/api/v1/no/such/address", 404),
        ("post", "/api/v1/budget/", 405),
        ("delete", "/api/v1/budget/", 405),
    ],
)
def test_errors_are_json_with_a_clear_message_in_the_readers_language(
    shared_published, host_client, method, path, status
):
    district = shared_published[0]
    client = host_client(district.primary_domain)

    english = getattr(client, method)(path, HTTP_ACCEPT_LANGUAGE="en")
    khmer = getattr(client, method)(path, HTTP_ACCEPT_LANGUAGE="km")

    assert english.status_code == khmer.status_code == status
    assert english["Content-Type"] == "application/json"
    message = english.json()["error"]["message"]
    assert english.json()["error"]["status"] == status and message
    assert khmer.json()["error"]["message"] not in ("", message)


def test_the_api_serves_only_the_districts_own_rows(shared_published, host_client):
    district_a, district_b = shared_published

    for district, other in ((district_a, district_b), (district_b, district_a)):
        client = host_client(district.primary_domain)
        for name in ("budget", "execution", "feedback-statistics", "projects", "forums"):
            rows = client.get(f"/api/v1/{name}/", {"page_size": MAX_PAGE_SIZE}).json()["results"]
            codes = {row["district_code"] for row in rows}
            assert codes == {district.code} and other.code not in codes
            assert not any(private in str(rows) for private in PRIVATE)

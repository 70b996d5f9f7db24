"""Every host answers /.well-known/security.txt (RFC 9116) with its own address as Canonical,
and the disclosure policy it points to; browsers' CSP violation reports are logged, on any
known host, without a session or CSRF token."""

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from tenants import actions


def fields(text):
    """{"Contact": [...], ...} of a security.txt."""
    parsed = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition(": ")
            parsed.setdefault(name, []).append(value)
    return parsed


@pytest.fixture
def district(make_district):
    return make_district()


def test_every_host_names_its_contact_languages_and_own_address(district, settings):
    settings.SECURITY_CONTACTS = ["mailto:security@srok.example.gov.kh", "https://example.org/x"]
    now = datetime.now(UTC)

    for host in ("localhost", district.primary_domain):
        response = Client(HTTP_HOST=host).get("/.well-known/security.txt")
        found = fields(response.content.decode())
        expires = datetime.strptime(found["Expires"][0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)

        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert found["Contact"] == settings.SECURITY_CONTACTS
        assert found["Preferred-Languages"] == ["km, en"]
        assert found["Canonical"] == [f"http://{host}/.well-known/security.txt"]
        assert found["Policy"] == [f"http://{host}/.well-known/security-policy.txt"]
        assert now < expires < now + timedelta(days=365)
        assert set(found) == {"Contact", "Expires", "Preferred-Languages", "Canonical", "Policy"}


def test_a_suspended_district_still_answers_and_an_unknown_host_does_not(district):
    actions.suspend_district(district, actor="test")

    suspended = Client(HTTP_HOST=district.primary_domain).get("/.well-known/security.txt")
    unknown = Client(HTTP_HOST="nowhere.example").get("/.well-known/security.txt")

    assert suspended.status_code == 200 and b"Contact: mailto:" in suspended.content
    assert unknown.status_code == 404


def test_the_legacy_address_redirects_and_the_policy_is_in_khmer_and_english(district, settings):
    settings.SECURITY_CONTACTS = ["mailto:security@srok.example.gov.kh"]
    client = Client(HTTP_HOST=district.primary_domain)

    legacy = client.get("/security.txt")
    policy = client.get("/.well-known/security-policy.txt").content.decode()

    assert legacy.status_code == 301 and legacy["Location"] == "/.well-known/security.txt"
    assert "របៀបរាយការណ៍អំពីចំណុចខ្សោយផ្នែកសុវត្ថិភាព" in policy
    assert "how to report a security vulnerability" in policy
    assert policy.count("security@srok.example.gov.kh") == 2
    assert client.post("/.well-known/security.txt").status_code == 405


def test_a_browsers_violation_reports_are_logged_as_one_line_each(district, caplog):
    client = Client(HTTP_HOST=district.primary_domain, enforce_csrf_checks=True)
    legacy = {
        "csp-report": {
            "document-uri": f"http://{district.primary_domain}/",
            "violated-directive": "style-src-attr",
            "blocked-uri": "inline\nForged log line",
            "source-file": f"http://{district.primary_domain}/",
            "line-number": 3,
        }
    }
    batch = [
        {
            "type": "csp-violation",
            "body": {
                "documentURL": f"http://{district.primary_domain}/en/",
                "effectiveDirective": "script-src-elem",
                "blockedURL": "https://evil.example/x.js",
            },
        },
        {"type": "deprecation", "body": {"id": "x"}},
    ]

    with caplog.at_level(logging.WARNING, logger="srok.csp"):
        first = client.post("/csp-report", json.dumps(legacy), "application/csp-report")
        second = client.post("/csp-report", json.dumps(batch), "application/reports+json")

    assert first.status_code == second.status_code == 204
    lines = [record.getMessage() for record in caplog.records if record.name == "srok.csp"]
    assert len(lines) == 2
    assert '"style-src-attr" blocked "inline\\nForged log line"' in lines[0]
    assert '"script-src-elem" blocked "https://evil.example/x.js"' in lines[1]
    assert all("\n" not in line for line in lines)


def test_the_report_endpoint_refuses_what_is_not_a_report(district):
    client = Client(HTTP_HOST=district.primary_domain)

    assert client.get("/csp-report").status_code == 405
    assert client.post("/csp-report", "not json", "application/csp-report").status_code == 400
    big = json.dumps({"csp-report": {"blocked-uri": "x" * 70_000}})
    assert client.post("/csp-report", big, "application/csp-report").status_code == 413
    unknown = Client(HTTP_HOST="nowhere.example").post("/csp-report", "{}", "application/json")
    assert unknown.status_code == 404


def test_a_form_sent_without_its_csrf_token_is_refused_in_khmer_under_the_policy(district):
    """Django's own refusal page is English with an inline <style>; this one is neither."""
    from tests.platform_site.test_security_headers import inline_code, policy_problems

    citizen = Client(HTTP_HOST=district.primary_domain, enforce_csrf_checks=True)
    admin = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)

    feedback = citizen.post("/feedback/", {"category": "service", "message": "ផ្លូវខូច"})
    console = admin.post("/en/console/login/", {"username": "x", "password": "y"})

    assert feedback.status_code == 403 and console.status_code == 403
    assert "មិនអាចផ្ញើទម្រង់បានទេ" in feedback.content.decode()
    assert "The form could not be sent" in console.content.decode()
    for response in (feedback, console):
        assert inline_code(response.content.decode()) == []
        assert policy_problems(response) == []

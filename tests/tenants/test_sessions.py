"""Sessions of both consoles: a session key planted before login is never the one logged in
(officer login, provincial login, support hand-over), and a session left unused longer than
CONSOLE_IDLE_SECONDS is ended, with a message in Khmer on the login page."""

import re
import time
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django_tenants.utils import schema_context

from tenants.idle import LAST_SEEN
from tests.conftest import PASSWORD, current_code

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


def _planted(client, schema):
    """A session made beforehand (as an attacker would plant its cookie in a victim's browser)."""
    with schema_context(schema):
        session = SessionStore()
        session["planted"] = True
        session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return session.session_key


def _exists(schema, key):
    with schema_context(schema):
        return SessionStore().exists(key)


def _officer_client(district, make_officer):
    client = Client(HTTP_HOST=district.primary_domain)
    email = make_officer(district)
    return client, email


def _console_login(client, admin):
    return client.post(
        "/console/login/",
        {
            "username": admin["email"],
            "password": PASSWORD,
            "otp_token": current_code(admin["device"]),
        },
    )


def test_an_officer_login_gets_a_new_session_key(make_district, make_officer):
    district = make_district()
    client, email = _officer_client(district, make_officer)
    planted = _planted(client, district.schema_name)

    assert (
        client.post("/manage/login/", {"username": email, "password": PASSWORD}).status_code == 302
    )

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted
    assert not _exists(district.schema_name, planted)
    assert client.get("/manage/").status_code == 200


def test_a_provincial_login_gets_a_new_session_key(provincial_admin):
    client = Client(HTTP_HOST="localhost")
    planted = _planted(client, "public")

    assert _console_login(client, provincial_admin).status_code == 302

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted
    assert not _exists("public", planted)


def test_the_support_hand_over_gets_a_new_session_key(provincial_admin, make_district):
    district = make_district()
    console = Client(HTTP_HOST="localhost")
    assert _console_login(console, provincial_admin).status_code == 302
    link = console.post(f"/console/districts/{district.code}/support/")["Location"]
    support = Client(HTTP_HOST=district.primary_domain)
    planted = _planted(support, district.schema_name)

    assert support.get(re.sub(r"^https?://[^/]+", "", link)).status_code == 302

    assert support.cookies[settings.SESSION_COOKIE_NAME].value != planted
    assert not _exists(district.schema_name, planted)
    assert support.get("/manage/").status_code == 200


def _age(client, schema, seconds):
    """Make the client's session look unused for ``seconds``."""
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    with schema_context(schema):
        session = SessionStore(key)
        session[LAST_SEEN] = int(time.time()) - seconds
        session.save()
    return key


def _says_logged_out(response):
    with translation.override("km"):
        text = translation.gettext(
            "You were logged out because the console was not used for %(minutes)s minutes. "
            "Log in again to go on."
        ) % {"minutes": settings.CONSOLE_IDLE_SECONDS // 60}
    assert "Log in again" not in text, "the message has no Khmer translation"
    return escape(text) in response.content.decode()


@pytest.mark.parametrize("idle", [False, True], ids=["in-use", "left-idle"])
def test_an_officer_session_left_idle_ends_with_a_message_in_khmer(
    idle, make_district, make_officer
):
    district = make_district()
    client, email = _officer_client(district, make_officer)
    client.post("/manage/login/", {"username": email, "password": PASSWORD})
    unused = settings.CONSOLE_IDLE_SECONDS + 5 if idle else settings.CONSOLE_IDLE_SECONDS - 5
    key = _age(client, district.schema_name, unused)

    response = client.get("/manage/")

    if not idle:
        assert response.status_code == 200
        return
    assert response.status_code == 302
    assert response["Location"] == "/manage/login/?next=%2Fmanage%2F"
    assert not _exists(district.schema_name, key)
    assert _says_logged_out(client.get(response["Location"]))


@pytest.mark.parametrize("idle", [False, True], ids=["in-use", "left-idle"])
def test_a_provincial_session_left_idle_ends_with_a_message_in_khmer(idle, provincial_admin):
    client = Client(HTTP_HOST="localhost")
    _console_login(client, provincial_admin)
    unused = settings.CONSOLE_IDLE_SECONDS + 5 if idle else settings.CONSOLE_IDLE_SECONDS - 5
    key = _age(client, "public", unused)

    response = client.get("/console/")

    if not idle:
        assert response.status_code == 200
        return
    assert response.status_code == 302
    assert response["Location"] == "/console/login/?next=%2Fconsole%2F"
    assert not _exists("public", key)
    assert _says_logged_out(client.get(response["Location"]))

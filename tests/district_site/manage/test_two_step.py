"""Two-step login in the officer console: a district administrator cannot use the console until
they have turned it on; any officer may. Turning it on shows a QR code, then the recovery codes
once (kept only as hashes); logging in then needs the app's code or a recovery code, each
recovery code works once, and wrong codes are paused like wrong passwords."""

import re
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import URLResolver, get_resolver
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import tenant_context

from district_site.manage.middleware import BEFORE_SECOND_FACTOR
from tenants.second_factor.models import RecoveryCodes
from tests.conftest import PASSWORD

from ..conftest import says

NEEDS_CODE = (
    "Your account uses two-step login: write the code your authenticator app shows now, or one "
    "of your recovery codes."
)


def _code(device, steps_ahead=0):
    """The code the app shows now, or ``steps_ahead`` periods later (django-otp accepts one
    period of drift, and refuses a code already used)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def _device(district, email, *, confirmed):
    with tenant_context(district):
        return TOTPDevice.objects.get(user__username=email, confirmed=confirmed)


def _console_paths():
    """A path for every console URL pattern, with made-up values for its parts."""

    def walk(patterns, prefix=""):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            else:
                yield route

    for route in walk(get_resolver("district_site.urls").url_patterns):
        if route.startswith("manage/"):
            yield "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m[1] == "int" else "x", route)


def _log_in(client, email, code=None):
    data = {"username": email, "password": PASSWORD}
    if code is not None:
        data["otp_token"] = code
    return client.post("/manage/login/", data)


def _turn_on(client, district, email):
    """Open the two-step screen, scan (read the key), type the code: returns the recovery codes
    shown."""
    screen = client.get("/manage/two-step/")
    assert screen.status_code == 200
    assert 'src="/manage/two-step/qr.svg"' in screen.content.decode()
    qr = client.get("/manage/two-step/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    pending = _device(district, email, confirmed=False)
    shown = client.post("/manage/two-step/", {"code": _code(pending)})
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]
    return re.findall(r"<code>([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})</code>", shown.content.decode())


def test_a_district_administrator_must_turn_it_on_before_using_the_console(
    make_district, make_officer, host_client
):
    district = make_district()
    email = make_officer(district, "district_admin")
    client = host_client(district.primary_domain)

    assert _log_in(client, email).status_code == 302  # the password alone logs in ...
    walked = 0
    for page in _console_paths():  # ... but every console path leads to the two-step screen
        if page.startswith(BEFORE_SECOND_FACTOR):
            continue
        for answer in (client.get(page), client.post(page)):
            assert (answer.status_code, answer.get("Location")) == (302, "/manage/two-step/"), page
        walked += 1
    assert walked >= 40
    screen = client.get("/manage/two-step/").content.decode()
    assert says(client.get("/manage/two-step/"), "Turn on two-step login")
    assert "<code>" in screen  # the key, for an app that cannot scan

    codes = _turn_on(client, district, email)

    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/manage/").status_code == 200


def test_recovery_codes_are_kept_only_as_hashes(make_district, make_officer, host_client):
    district = make_district()
    email = make_officer(district, "editor")
    client = host_client(district.primary_domain)
    _log_in(client, email)

    codes = _turn_on(client, district, email)

    with tenant_context(district):
        stored = RecoveryCodes.objects.get(user__username=email)
        assert len(stored.hashes) == 10
        with connection.cursor() as cursor:
            cursor.execute("SELECT hashes::text FROM second_factor_recoverycodes")
            dump = " ".join(row[0] for row in cursor.fetchall())
    for code in codes:
        assert code not in dump and code.replace("-", "") not in dump
    # Shown once: the screen never shows them again.
    assert not re.search(r"<code>[A-Z0-9]{4}-", client.get("/manage/two-step/").content.decode())


def test_once_on_logging_in_needs_the_apps_code_or_a_recovery_code_used_once(
    make_district, make_officer, host_client
):
    district = make_district()
    email = make_officer(district, "district_admin")
    setup = host_client(district.primary_domain)
    _log_in(setup, email)
    codes = _turn_on(setup, district, email)
    device = _device(district, email, confirmed=True)

    with_app = host_client(district.primary_domain)
    assert _log_in(with_app, email, _code(device, steps_ahead=1)).status_code == 302
    assert with_app.get("/manage/").status_code == 200

    with_recovery = host_client(district.primary_domain)
    assert _log_in(with_recovery, email, codes[0].lower()).status_code == 302
    assert with_recovery.get("/manage/").status_code == 200

    again = _log_in(host_client(district.primary_domain), email, codes[0])
    assert again.status_code == 200 and says(again, NEEDS_CODE)
    with tenant_context(district):
        assert RecoveryCodes.objects.get(user__username=email).remaining == 9

    # Last: a refused code slows the next tries down (django-otp's throttling).
    without = _log_in(host_client(district.primary_domain), email)
    wrong = _log_in(host_client(district.primary_domain), email, "000000")
    assert without.status_code == wrong.status_code == 200
    assert says(without, NEEDS_CODE) and says(wrong, NEEDS_CODE)


def test_editors_and_publishers_may_log_in_without_it_until_they_turn_it_on(
    make_district, make_officer, host_client
):
    district = make_district()
    email = make_officer(district, "publisher")
    client = host_client(district.primary_domain)
    _log_in(client, email)
    assert client.get("/manage/").status_code == 200
    assert 'href="/manage/two-step/"' in client.get("/manage/").content.decode()

    codes = _turn_on(client, district, email)

    assert _log_in(host_client(district.primary_domain), email).status_code == 200
    assert _log_in(host_client(district.primary_domain), email, codes[1]).status_code == 302


def test_wrong_codes_pause_logging_in_like_wrong_passwords(
    settings, make_district, make_officer, host_client
):
    district = make_district()
    email = make_officer(district, "district_admin")
    setup = host_client(district.primary_domain)
    _log_in(setup, email)
    codes = _turn_on(setup, district, email)

    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _log_in(host_client(district.primary_domain), email, "123456")
    paused = _log_in(host_client(district.primary_domain), email, codes[2])

    assert paused.status_code == 200
    assert says(paused, "Too many failed attempts. Wait 15 minutes, then try again.")
    with tenant_context(district):
        assert RecoveryCodes.objects.get(user__username=email).remaining == 10


def test_an_officer_of_another_district_has_no_device_here(make_district, make_officer):
    """Devices live in each district's schema, like the accounts they belong to."""
    district_a, district_b = make_district(), make_district()
    email = make_officer(district_a, "editor")
    with tenant_context(district_a):
        user = get_user_model().objects.get(username=email)
        TOTPDevice.objects.create(user=user, name="phone")
    with tenant_context(district_b):
        assert not TOTPDevice.objects.exists()

"""Two-step login in Chromium, as a district administrator meets it: sent to the two-step screen
after the password, scans the QR code, writes down the recovery codes, then logs in with the
app's code, with a recovery code (once), and is refused without a code."""

import pytest

from tests.browser.test_accessibility import AXE, _serious_violations
from tests.conftest import PASSWORD

from .test_two_step import _code, _device

pytestmark = pytest.mark.browser


LOADED = """image => image.complete ? image.naturalWidth > 0 : new Promise(done => {
    image.onload = () => done(image.naturalWidth > 0);
    image.onerror = () => done(false);
})"""


def _log_in(page, base, email, code=""):
    page.goto(f"{base}/manage/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=otp_token]").fill(code)
    page.locator("main form button[type=submit]").click()


def _log_out(page):
    page.locator("nav form button[type=submit]").click()


def test_an_administrator_turns_on_two_step_login_and_logs_in_with_codes(
    phone, live_port, make_district, make_officer
):
    district = make_district()
    email = make_officer(district, "district_admin")
    base = f"http://{district.primary_domain}:{live_port}"

    _log_in(phone, base, email)

    assert phone.url == f"{base}/manage/two-step/"
    qr = phone.locator("main img")
    # Drawn once it has loaded (the page may be shown before the image arrives).
    assert qr.evaluate(LOADED)
    if AXE.exists():
        assert _serious_violations(phone) == []
    phone.locator("input[name=code]").fill(_code(_device(district, email, confirmed=False)))
    phone.locator("main form button[type=submit]").click()
    codes = phone.locator("ul.recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    device = _device(district, email, confirmed=True)

    _log_out(phone)
    _log_in(phone, base, email, _code(device, steps_ahead=1))
    assert phone.url == f"{base}/manage/"

    _log_out(phone)
    _log_in(phone, base, email, codes[0])
    assert phone.url == f"{base}/manage/"

    _log_out(phone)
    _log_in(phone, base, email, codes[0])
    assert phone.url.startswith(f"{base}/manage/login/")
    _log_in(phone, base, email)
    assert phone.url.startswith(f"{base}/manage/login/")
    assert phone.locator("main .errorlist").count() >= 1

"""In Chromium the Content-Security-Policy holds: what an attacker's injected markup would need
(an inline script, a style attribute) is refused, and the browser tests' watcher
(tests/browser/csp.py) sees each refusal, so that any other browser test fails on one."""

import pytest

from tests.browser import csp

pytestmark = pytest.mark.browser

INJECT = """() => new Promise((resolve) => {
  document.addEventListener("securitypolicyviolation", () => resolve(true), {once: true});
  document.querySelector("main").insertAdjacentHTML(
    "beforeend", '<p id="x" style="color: rgb(255, 0, 0)">x</p>'
  );
})"""


def test_an_injected_style_attribute_is_refused_and_the_watcher_sees_it(
    phone, live_port, make_district
):
    district = make_district()
    phone.goto(f"http://{district.primary_domain}:{live_port}/")

    phone.evaluate(INJECT)
    color = phone.evaluate("getComputedStyle(document.getElementById('x')).color")
    phone.evaluate("() => 1")  # one more round trip: every event before it has arrived

    seen = csp.take()
    assert color != "rgb(255, 0, 0)"
    assert any("style-src-attr" in violation for violation in seen), seen


def test_an_injected_inline_script_does_not_run(phone, live_port, make_district):
    district = make_district()
    phone.goto(f"http://{district.primary_domain}:{live_port}/en/")

    phone.evaluate(
        """() => new Promise((resolve) => {
          document.addEventListener("securitypolicyviolation", resolve, {once: true});
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.appendChild(script);
        })"""
    )
    ran = phone.evaluate("window.injected === true")
    phone.evaluate("() => 1")

    seen = csp.take()
    assert ran is False
    assert any("script-src" in violation for violation in seen), seen


def test_a_violation_fails_the_test_that_caused_it():
    """The hook turns a violation recorded during a test into that test's failure, and lets a
    test without one pass."""
    clean = csp.pytest_runtest_call(item=None)
    next(clean)
    with pytest.raises(StopIteration):
        clean.send(None)

    violating = csp.pytest_runtest_call(item=None)
    next(violating)
    csp._violations.append("event: style-src-attr blocked inline")
    with pytest.raises(AssertionError, match="style-src-attr blocked inline"):
        violating.send(None)
    assert csp.take() == []

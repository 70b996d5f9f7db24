"""Every page a browser test opens holds to the Content-Security-Policy, or the test fails.

``watch_every_context(browser)`` (called once by the ``browser`` fixture in tests/conftest.py)
makes each context the browser opens listen for violations in two ways: the document's
``securitypolicyviolation`` event, reported through a binding added before any page script
runs, and Chromium's console messages about the policy (e.g. "Refused to apply inline style
because it violates the following Content Security Policy directive"). The hook
``pytest_runtest_call`` (imported into tests/conftest.py, which is how pytest finds it) fails
the test that was running when a violation was seen, naming each one.

Playwright's own ``page.evaluate`` runs through the DevTools protocol, outside the policy; a
test that injects a ``<script>`` (``add_script_tag``) breaks it and fails here, as it should.
"""

import pytest

_violations = []

_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__srokCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` on ${event.documentURI} (${event.sourceFile || "?"}:${event.lineNumber})`
    + (event.sample ? `: ${event.sample}` : "")
  );
});
"""


def _on_console(message):
    if "Content Security Policy" in message.text:
        _violations.append(f"console: {message.text}")


def watch(context):
    """Record ``context``'s policy violations for the running test."""
    context.expose_binding(
        "__srokCspViolation", lambda _source, text: _violations.append(f"event: {text}")
    )
    context.add_init_script(_LISTENER)
    context.on("console", _on_console)
    return context


def watch_every_context(browser):
    """Make ``browser.new_context`` and ``browser.new_page`` watch what they open."""
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        return watch(new_context(*args, **kwargs))

    def watched_page(*args, **kwargs):
        # new_page's context closes with its page, as Playwright's own new_page does.
        context = watched_context(*args, **kwargs)
        page = context.new_page()
        page.on("close", lambda _page: context.close())
        return page

    browser.new_context = watched_context
    browser.new_page = watched_page
    return browser


def take():
    """The violations recorded so far in the running test, which then no longer count against
    it: for a test that provokes one on purpose."""
    taken = list(_violations)
    _violations.clear()
    return taken


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _violations.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    if _violations:
        found = "\n  ".join(dict.fromkeys(_violations))
        _violations.clear()
        raise AssertionError(f"Content-Security-Policy violations:\n  {found}")
    return result

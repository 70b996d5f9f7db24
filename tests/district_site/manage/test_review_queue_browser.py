"""The review queue in Chromium, as two officers meet it: an editor changes a published page; a
publisher follows "what needs doing" to the queue, sends it back with a comment (refused
without one), the editor reads it at home and changes the page again, and the publisher
publishes it for citizens."""

import pytest

from tests.browser.test_accessibility import AXE, _serious_violations
from tests.conftest import PASSWORD

from .test_review_queue import COMMENT, _about

pytestmark = pytest.mark.browser


def _officer_page(browser, base, email):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{base}/manage/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/manage/")
    # Read in English, as the test's words are (the console's Khmer is tested elsewhere).
    page.goto(f"{base}/manage/language/en/")
    return page


def _edit_title(page, base, pk, title):
    page.goto(f"{base}/manage/pages/{pk}/")
    form = page.locator("form", has=page.locator("input[name=title_en]"))
    form.locator("input[name=title_en]").fill(title)
    form.locator("button[type=submit]").first.click()


def test_a_publisher_sends_a_change_back_and_publishes_the_corrected_one(
    browser, live_port, make_district, make_officer
):
    district = make_district()
    base = f"http://{district.primary_domain}:{live_port}"
    about = _about(district)
    editor = _officer_page(browser, base, make_officer(district, "editor"))
    publisher = _officer_page(browser, base, make_officer(district, "publisher"))

    _edit_title(editor, base, about.pk, "About our distrcit")
    publisher.goto(f"{base}/manage/")
    publisher.get_by_role("link", name="1 change by an editor is waiting for review").click()
    entry = publisher.locator("article.review")
    assert "About our distrcit" in entry.inner_text()
    if AXE.exists():
        assert _serious_violations(publisher) == []
    entry.get_by_role("button", name="Send back").click()
    # The comment is required: the browser keeps the form, nothing is sent back.
    assert publisher.locator("article.review").count() == 1
    entry.get_by_label("What should the author change?").fill(COMMENT)
    entry.get_by_role("button", name="Send back").click()
    publisher.get_by_text("No change is waiting for review.").wait_for()

    editor.goto(f"{base}/manage/")
    notices = editor.locator("section.notices")
    assert COMMENT in notices.inner_text()
    notices.get_by_role("link", name="Change it again").click()
    assert editor.url == f"{base}/manage/pages/{about.pk}/"
    _edit_title(editor, base, about.pk, "About our district")

    publisher.goto(f"{base}/manage/revisions/review/")
    publisher.locator("article.review").get_by_role("button", name="Publish").click()
    publisher.get_by_text("The change is published: citizens see it now.").wait_for()

    citizen = browser.new_context().new_page()
    citizen.goto(f"{base}/en/p/about/")
    assert "About our district" in citizen.locator("main").inner_text()
    for page in (editor, publisher, citizen):
        page.context.close()

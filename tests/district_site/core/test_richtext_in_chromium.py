"""In Chromium: an officer writes a Khmer news post in the rich text editor (a heading, bold,
a list, a link), citizens read it formatted, and the edit page shows it formatted again, never
as tags. The same field without JavaScript is a plain textarea: the stored text shows as plain
paragraphs, and what is typed there is kept as paragraphs."""

import re
from pathlib import Path

import pytest

from district_site.news.models import NewsPost
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

HEADING = "សេចក្តីជូនដំណឹងអំពីការប្រជុំ"
BOLD = "សំខាន់ណាស់"
ITEMS = ["ផ្លូវថ្មីនៅឃុំទី១", "អណ្តូងទឹកនៅភូមិទី២"]
LINK_TEXT = "មើលព័ត៌មានបន្ថែម"
LINK = "https://example.org/plan"
AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"


def _log_in(page, site, email):
    page.goto(f"{site}/manage/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{site}/manage/")


def _wait_for_the_field(page, text):
    """Trix writes the field the form sends when it next draws (an animation frame after the
    change): a person never clicks Save that fast, a test does."""
    page.wait_for_function(
        "text => document.getElementById('id_body_km-html').value.includes(text)", arg=text
    )


def _with_post(district, **fields):
    from django_tenants.utils import tenant_context

    with tenant_context(district):
        return NewsPost.objects.get(**fields)


def test_an_officer_writes_a_formatted_khmer_post_and_sees_it_formatted_everywhere(
    browser, live_port, make_district, make_officer
):
    district = make_district()
    email = make_officer(district, "publisher")
    site = f"http://{district.primary_domain}:{live_port}"
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    page = context.new_page()
    _log_in(page, site, email)

    page.goto(f"{site}/manage/news/new/")
    page.locator("#id_title_km").fill("ការប្រជុំក្រុមប្រឹក្សា")
    editor = page.locator("trix-editor#id_body_km")
    toolbar = page.locator("#id_body_km-toolbar")
    # The toolbar speaks Khmer, as the console does.
    assert toolbar.locator("[data-trix-attribute=bold]").inner_text() == "ដិត"
    editor.click()
    toolbar.locator("[data-trix-attribute=heading2]").click()
    page.keyboard.type(HEADING)
    page.keyboard.press("Enter")
    page.keyboard.type("ការប្រជុំនេះ ")
    toolbar.locator("[data-trix-attribute=bold]").click()
    page.keyboard.type(BOLD)
    toolbar.locator("[data-trix-attribute=bold]").click()
    page.keyboard.press("Enter")
    toolbar.locator("[data-trix-attribute=bullet]").click()
    page.keyboard.type(ITEMS[0])
    page.keyboard.press("Enter")
    page.keyboard.type(ITEMS[1])
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    page.keyboard.type(LINK_TEXT)
    # Select the words once Trix has drawn them (it would put the caret back as it draws).
    _wait_for_the_field(page, LINK_TEXT)
    page.keyboard.press("Shift+Home")
    page.wait_for_function(
        "() => { const [start, end] = document.querySelector('trix-editor#id_body_km')"
        ".editor.getSelectedRange(); return start !== end; }"
    )
    toolbar.locator("[data-trix-attribute=href]").click()
    toolbar.locator("input[name=href]").fill(LINK)
    toolbar.locator("[data-trix-method=setAttribute]").click()
    _wait_for_the_field(page, LINK)
    page.locator("#id_publish_at").fill("2026-01-15T08:00")
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/manage/news/\d+/$"))
    post_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    page.locator("form[action$='/publish/'] button").click()
    page.wait_for_url(f"{site}/manage/news/{post_id}/")

    stored = _with_post(district, pk=post_id).body_km
    assert f"<h2>{HEADING}</h2>" in stored
    assert f"<strong>{BOLD}</strong>" in stored
    assert f'<a href="{LINK}" rel="noopener noreferrer">{LINK_TEXT}</a>' in stored, stored

    citizen = browser.new_context()
    reader = citizen.new_page()
    reader.goto(f"{site}/news/{post_id}/")
    body = reader.locator(".rich-text")
    assert body.locator("h2").inner_text() == HEADING
    assert body.locator("strong").inner_text() == BOLD
    assert body.locator("ul li").all_inner_texts() == ITEMS
    assert body.locator(f"a[href='{LINK}']").inner_text() == LINK_TEXT
    assert "<" not in body.inner_text()
    citizen.close()

    # Back in the console the editor shows the post formatted: no tag is visible as text.
    page.goto(f"{site}/manage/news/{post_id}/")
    editor = page.locator("trix-editor#id_body_km")
    assert editor.locator("h2").inner_text() == HEADING
    assert editor.locator("strong").inner_text() == BOLD
    assert editor.locator("li").all_inner_texts() == ITEMS
    assert editor.locator(f"a[href='{LINK}']").inner_text() == LINK_TEXT
    assert "<" not in editor.inner_text()
    # Its history shows what changed as a reader sees it: the text, not the markup.
    created = page.locator(".history details", has=page.locator("table.diff")).first
    created.locator("summary").click()
    shown = created.locator("table.diff").inner_text()
    assert HEADING in shown and "<" not in shown
    page.screenshot(path="/tmp/srok-richtext-editor.png", full_page=True)
    if AXE.exists():  # the editor, its toolbar and the link dialog are usable without a mouse
        page.evaluate(AXE.read_text(encoding="utf-8"))
        result = page.evaluate("async () => await axe.run()")
        serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == []
    context.close()


def test_without_javascript_the_field_is_plain_paragraphs_both_ways(
    browser, live_port, make_district, make_officer
):
    district = make_district()
    email = make_officer(district, "publisher")
    site = f"http://{district.primary_domain}:{live_port}"
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _log_in(page, site, email)

    page.goto(f"{site}/manage/news/new/")
    page.locator("#id_title_km").fill("ព័ត៌មានគ្មានស្គ្រីប")
    page.locator("textarea#id_body_km").fill("កថាខណ្ឌទីមួយ។\n\nកថាខណ្ឌទីពីរ។")
    page.locator("#id_publish_at").fill("2026-01-15T08:00")
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/manage/news/\d+/$"))
    post_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    assert _with_post(district, pk=post_id).body_km == "<p>កថាខណ្ឌទីមួយ។</p>\n\n<p>កថាខណ្ឌទីពីរ។</p>"
    assert page.locator("trix-editor").count() == 0

    # Formatted text written elsewhere (in the editor) shows as plain paragraphs here.
    from django_tenants.utils import tenant_context

    with tenant_context(district):
        NewsPost.objects.filter(pk=post_id).update(
            body_km=f"<h2>{HEADING}</h2><p>ការប្រជុំ <strong>{BOLD}</strong></p>"
            f'<p><a href="{LINK}">{LINK_TEXT}</a></p>'
        )
    page.goto(f"{site}/manage/news/{post_id}/")
    shown = page.locator("textarea#id_body_km").input_value()
    assert shown == f"{HEADING}\n\nការប្រជុំ {BOLD}\n\n{LINK_TEXT}"

    # Saving another field keeps the formatting the textarea cannot show.
    page.locator("#id_title_km").fill("ព័ត៌មានគ្មានស្គ្រីប (កែ)")
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(f"{site}/manage/news/{post_id}/")
    assert f"<h2>{HEADING}</h2>" in _with_post(district, pk=post_id).body_km

    # Text typed here is kept as paragraphs.
    page.locator("textarea#id_body_km").fill(shown + "\n\nកថាខណ្ឌថ្មី។")
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(f"{site}/manage/news/{post_id}/")
    body = _with_post(district, pk=post_id).body_km
    assert body.startswith(f"<p>{HEADING}</p>")
    assert body.endswith("<p>កថាខណ្ឌថ្មី។</p>")
    assert page.locator("textarea#id_body_km").input_value().endswith("\n\nកថាខណ្ឌថ្មី។")
    context.close()


def test_an_officer_places_a_published_photo_from_the_library_in_a_post(
    browser, live_port, make_district, make_officer
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from district_site.news.models import NewsPhoto

    from ..conftest import phone_photo

    district = make_district()
    email = make_officer(district, "publisher")
    site = f"http://{district.primary_domain}:{live_port}"
    with tenant_context(district):
        earlier = NewsPost.objects.create(
            title_km="ស្ពានថ្មី",
            body_km="<p>ក</p>",
            is_published=True,
            publish_at=timezone.now(),
        )
        names = {
            str(width): default_storage.save(
                f"news/bridge-{width}.jpg", ContentFile(phone_photo(width, width * 3 // 4))
            )
            for width in (360, 720)
        }
        NewsPhoto.objects.create(post=earlier, renditions=names, width=720, height=540)
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    page = context.new_page()
    _log_in(page, site, email)

    page.goto(f"{site}/manage/news/new/")
    page.locator("#id_title_km").fill("រូបថតពីបណ្ណាល័យ")
    toolbar = page.locator("#id_body_km-toolbar")
    page.locator("trix-editor#id_body_km").click()
    page.keyboard.type("ស្ពាននៅឃុំ")
    page.keyboard.press("Enter")
    toolbar.locator(".richtext-photo").click()
    toolbar.locator(".richtext-photos button", has_text="ស្ពានថ្មី").click()
    page.locator("trix-editor#id_body_km img").wait_for()
    _wait_for_the_field(page, names["720"])
    page.locator("#id_publish_at").fill("2026-01-15T08:00")
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/manage/news/\d+/$"))
    post_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    page.locator("form[action$='/publish/'] button").click()
    page.wait_for_url(f"{site}/manage/news/{post_id}/")

    src = f"/media/{names['720']}"
    assert f'<img alt="" src="{src}">' in _with_post(district, pk=post_id).body_km
    # The editor shows the photo again, not its markup.
    assert page.locator("trix-editor#id_body_km img").get_attribute("src") == src
    citizen = browser.new_context()
    reader = citizen.new_page()
    reader.goto(f"{site}/news/{post_id}/")
    reader.wait_for_function(
        "() => { const img = document.querySelector('.rich-text img');"
        " return img && img.complete && img.naturalWidth === 720; }"
    )
    citizen.close()
    context.close()

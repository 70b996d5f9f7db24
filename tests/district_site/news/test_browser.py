"""In Chromium on a phone: an officer logs in, writes a news post in Khmer with a photo,
publishes it, and citizens see it with a resized photo."""

import re

import pytest
from PIL import Image

from ..conftest import phone_photo, wait_for_photos

pytestmark = pytest.mark.browser


def test_an_officer_publishes_a_khmer_news_post_with_a_photo_from_a_phone(
    phone, browser, live_port, photo_worker, make_district, make_officer, tmp_path
):
    district = make_district()
    email = make_officer(district, "publisher")
    site = f"http://{district.primary_domain}:{live_port}"
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(phone_photo(2000, 1500))

    phone.goto(f"{site}/manage/login/")
    phone.locator("#id_username").fill(email)
    phone.locator("#id_password").fill("correct-horse-battery-staple")
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url(f"{site}/manage/")
    phone.locator("a[href='/manage/news/']").click()
    phone.locator("a[href='/manage/news/new/']").click()
    phone.locator("#id_title_km").fill("ការប្រជុំក្រុមប្រឹក្សាស្រុក")
    phone.locator("#id_body_km").fill("ក្រុមប្រឹក្សាបានពិភាក្សាអំពីផែនការអភិវឌ្ឍន៍។")
    phone.locator("#id_category").select_option("meeting")
    phone.locator("#id_publish_at").fill("2026-01-15T08:00")
    phone.locator("#id_photo").set_input_files(photo)
    phone.locator("form[enctype] button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/manage/news/\d+/$"))
    post_id = int(phone.url.rstrip("/").rsplit("/", 1)[1])
    phone.locator("form[action$='/publish/'] button").click()
    phone.wait_for_url(f"{site}/manage/news/{post_id}/")
    assert phone.locator("form[action$='/withdraw/']").count() == 1
    wait_for_photos(district, post_id)

    citizen = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = citizen.new_page()
    page.goto(f"{site}/news/")
    page.get_by_role("link", name="ការប្រជុំក្រុមប្រឹក្សាស្រុក").click()
    page.wait_for_url(f"{site}/news/{post_id}/")
    image = page.locator("article img")
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const img = document.querySelector('article img');"
        " return img.complete && img.naturalWidth > 0; }"
    )
    assert image.get_attribute("srcset").count("w,") == 2
    assert image.bounding_box()["width"] <= 360
    current = image.evaluate("img => img.currentSrc")
    # A 360-pixel-wide screen at twice the density picks the 720-pixel copy, not the upload.
    assert current.endswith("-720.jpg"), current
    content_type, size = page.evaluate(
        "async url => { const r = await fetch(url);"
        " return [r.headers.get('content-type'), (await r.arrayBuffer()).byteLength]; }",
        current,
    )
    assert content_type == "image/jpeg"
    assert size < photo.stat().st_size
    assert "ក្រុមប្រឹក្សាបានពិភាក្សា" in page.locator("article").inner_text()
    page.screenshot(path="/tmp/srok-news-post.png", full_page=True)
    citizen.close()
    with Image.open(photo) as original:
        assert original.width == 2000  # the officer's own file is untouched

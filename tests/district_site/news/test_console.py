"""Officers write news in the console: Khmer required, hostile input refused or cleaned with a
message that says what to fix, and nothing half-saved."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.news.models import NewsPhoto, NewsPost

from ..conftest import phone_photo, says, upload

POST = {
    "title_km": "ពិធីបើកផ្លូវថ្មី",
    "title_en": "A new road opens",
    "body_km": "ស្រុកបានបើកផ្លូវថ្មីមួយ។\n\nអរគុណប្រជាពលរដ្ឋ។",
    "body_en": "",
    "category": "activity",
    "publish_at": "2026-01-15T08:00",
}


def _posts(district):
    with tenant_context(district):
        return list(NewsPost.objects.all())


def _photo_count(district):
    with tenant_context(district):
        return NewsPhoto.objects.count()


def test_an_editor_writes_a_draft_that_citizens_do_not_see_until_published(
    officer, host_client, make_district
):
    district = make_district()
    editor = officer(district, "editor")

    response = editor.post("/manage/news/new/", POST, follow=True)

    assert says(response, "Saved as a draft. Citizens will see it once a publisher publishes it.")
    [post] = _posts(district)
    assert not post.is_published
    assert post.body_km == "<p>ស្រុកបានបើកផ្លូវថ្មីមួយ។</p>\n\n<p>អរគុណប្រជាពលរដ្ឋ។</p>"
    citizen = host_client(district.primary_domain)
    assert citizen.get(f"/news/{post.pk}/").status_code == 404
    assert editor.post(f"/manage/news/{post.pk}/publish/").status_code == 403
    assert not _posts(district)[0].is_published

    officer(district, "publisher").post(f"/manage/news/{post.pk}/publish/")

    assert "ពិធីបើកផ្លូវថ្មី" in citizen.get("/news/").content.decode()
    assert "A new road opens" in citizen.get("/en/news/").content.decode()
    assert "អរគុណប្រជាពលរដ្ឋ" in citizen.get(f"/en/news/{post.pk}/").content.decode()


def test_a_post_with_a_future_publish_date_appears_only_from_then(
    officer, host_client, make_district
):
    district = make_district()
    publisher = officer(district, "publisher")
    publisher.post("/manage/news/new/", {**POST, "publish_at": "2099-01-01T08:00"})
    [post] = _posts(district)
    publisher.post(f"/manage/news/{post.pk}/publish/")
    citizen = host_client(district.primary_domain)

    assert "ពិធីបើកផ្លូវថ្មី" not in citizen.get("/news/").content.decode()
    assert citizen.get(f"/news/{post.pk}/").status_code == 404
    with tenant_context(district):
        NewsPost.objects.filter(pk=post.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert citizen.get(f"/news/{post.pk}/").status_code == 200


def test_script_event_handlers_and_javascript_links_are_removed_with_a_message(
    officer, host_client, make_district
):
    district = make_district()
    publisher = officer(district, "publisher")
    hostile = (
        '<p onclick="steal()">សួស្តី <strong>ប្រជាពលរដ្ឋ</strong></p>'
        "<script>alert(document.cookie)</script>"
        '<a href="javascript:alert(1)">ចុច</a> <a href="https://example.org/">តំណ</a>'
        '<img src=x onerror="alert(2)">'
    )

    response = publisher.post("/manage/news/new/", {**POST, "body_km": hostile}, follow=True)

    assert says(
        response,
        "Scripts and other unsafe code were removed from the text. Check that the text still "
        "reads as you meant.",
    )
    [post] = _posts(district)
    for unsafe in ("script", "onclick", "onerror", "javascript:", "<img", "alert"):
        assert unsafe not in post.body_km
    assert "<strong>ប្រជាពលរដ្ឋ</strong>" in post.body_km
    assert '<a href="https://example.org/" rel="noopener noreferrer">តំណ</a>' in post.body_km


def test_an_oversized_photo_is_refused_and_nothing_is_stored(officer, make_district):
    district = make_district()
    publisher = officer(district, "publisher")
    huge = b"\xff\xd8\xff\xe0" + bytes(9 * 1024 * 1024)

    response = publisher.post("/manage/news/new/", {**POST, "photo": upload(huge)})

    assert response.status_code == 200
    assert says(response, "Some fields need fixing. Each one says what to change.")
    assert "9.0 MB" in response.content.decode()
    assert _posts(district) == [] and _photo_count(district) == 0


def test_a_php_file_named_jpg_is_refused_by_its_content_and_nothing_is_stored(
    officer, make_district
):
    district = make_district()
    publisher = officer(district, "publisher")
    disguised = upload(b"<?php system($_GET['c']); ?>", name="holiday.jpg")

    response = publisher.post("/manage/news/new/", {**POST, "photo": disguised})

    assert says(response, "This file is not a photo we can use. Choose a JPEG, PNG or WebP photo.")
    assert _posts(district) == [] and _photo_count(district) == 0


def test_a_bad_photo_on_an_existing_post_leaves_the_post_unchanged(officer, make_district):
    district = make_district()
    publisher = officer(district, "publisher")
    publisher.post("/manage/news/new/", POST)
    [post] = _posts(district)
    truncated = upload(phone_photo()[:2000])

    response = publisher.post(
        f"/manage/news/{post.pk}/", {**POST, "title_km": "ចំណងជើងថ្មី", "photo": truncated}
    )

    assert says(response, "This file is not a photo we can use. Choose a JPEG, PNG or WebP photo.")
    assert _posts(district)[0].title_km == POST["title_km"]
    assert _photo_count(district) == 0


def test_a_missing_khmer_title_and_text_say_what_to_write(officer, make_district):
    district = make_district()
    editor = officer(district, "editor")

    response = editor.post("/manage/news/new/", {**POST, "title_km": "", "body_km": "  "})

    assert says(response, "Write the title in Khmer.")
    assert says(response, "Write the text of the post in Khmer.")
    assert _posts(district) == []

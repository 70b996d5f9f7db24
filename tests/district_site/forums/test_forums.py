"""Forums in the console and on the citizen site: announced before they happen, then reported
with attendance, questions and answers, minutes and photos. Hostile input is refused or cleaned
with a message saying what to fix, a refused save stores nothing, and one district's forums
never show on another's host."""

import re
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone
from django_tenants.utils import tenant_context

from district_site.documents.demo import minimal_pdf
from district_site.forums.models import Forum, ForumPhoto
from district_site.revisions.models import Revision

from ..conftest import phone_photo, says, upload

# One moment for the whole module: forms posted twice carry the same date and time.
NOW = timezone.localtime().replace(second=0, microsecond=0)


def _when(days):
    return (NOW + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _rows(*rows, initial=0):
    """The question rows as the form posts them (two empty rows are always offered)."""
    rows = [*rows, {}, {}]
    data = {
        "questions-TOTAL_FORMS": str(len(rows)),
        "questions-INITIAL_FORMS": str(initial),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name in ("question_km", "question_en", "answer_km", "answer_en", "answered_by"):
            data[f"questions-{index}-{name}"] = row.get(name, "")
    return data


QUESTION = {
    "question_km": "តើផ្លូវនឹងជួសជុលពេលណា?",
    "question_en": "When will the road be repaired?",
    "answer_km": "ក្នុងខែធ្នូ។",
    "answered_by": "អភិបាលស្រុក",
}


def forum(days=30, **changes):
    return {
        "starts_at": _when(days),
        "venue_km": "សាលាស្រុកអូរជ្រៅ",
        "venue_en": "Ou Chruv district hall",
        "agenda_km": "របាយការណ៍ថវិកា\n\nសំណួរ និងចម្លើយ",
        "agenda_en": "",
        "women": "",
        "men": "",
        **_rows(),
        **changes,
    }


def _forums(district):
    with tenant_context(district):
        return list(Forum.objects.all())


def _stored(district, folder):
    with tenant_context(district):
        return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def _announcement(data):
    """What the announcement form takes of ``data``: no files (they belong to the report)."""
    return {name: value for name, value in data.items() if not hasattr(value, "read")}


def _held(client, district, days=-3):
    """A forum announced through the console, whose date has passed: ready to be reported."""
    client.post("/manage/forums/new/", forum(days=days))
    return max(_forums(district), key=lambda held: held.pk)


def _reports(data):
    """Whether ``data`` holds anything of a report (attendance, files, questions)."""
    return any(
        value
        for name, value in data.items()
        if name in ("women", "men", "minutes_pdf", "photo")
        or (name.startswith("questions-") and name[-4:] not in ("ORMS",))
    )


def _publish(officer, district, data):
    """Announced, then, when its date has passed and ``data`` reports it, reported; then
    published."""
    publisher = officer(district, "publisher")
    publisher.post("/manage/forums/new/", _announcement(data))
    created = _forums(district)[0]
    if created.is_held and _reports(data):
        publisher.post(f"/manage/forums/{created.pk}/", data)
    publisher.post(f"/manage/forums/{created.pk}/publish/")
    return created


def test_an_editor_announces_a_forum_that_only_a_publisher_can_publish(
    officer, host_client, make_district
):
    district = make_district()
    editor = officer(district, "editor")

    response = editor.post("/manage/forums/new/", forum(), follow=True)

    assert says(response, "Saved as a draft. Citizens will see it once a publisher publishes it.")
    [draft] = _forums(district)
    assert not draft.is_published
    assert draft.agenda_km == "<p>របាយការណ៍ថវិកា</p>\n\n<p>សំណួរ និងចម្លើយ</p>"
    citizen = host_client(district.primary_domain)
    assert citizen.get(f"/forums/{draft.pk}/").status_code == 404
    assert editor.post(f"/manage/forums/{draft.pk}/publish/").status_code == 403
    assert not _forums(district)[0].is_published

    officer(district, "publisher").post(f"/manage/forums/{draft.pk}/publish/")

    assert citizen.get(f"/forums/{draft.pk}/").status_code == 200


def test_an_announced_forum_shows_before_it_happens_on_the_list_the_page_and_the_home_page(
    officer, host_client, make_district
):
    district = make_district()
    announced = _publish(officer, district, forum(days=20))
    citizen = host_client(district.primary_domain)
    with tenant_context(district):
        assert announced.starts_at > timezone.now()

    listing = citizen.get("/forums/").content.decode()
    page = citizen.get(f"/en/forums/{announced.pk}/").content.decode()
    home = citizen.get("/").content.decode()

    upcoming, past = listing.split('id="past-title"')
    assert "សាលាស្រុកអូរជ្រៅ" in upcoming and "សាលាស្រុកអូរជ្រៅ" not in past
    assert "Ou Chruv district hall" in page and "Announced" in page
    assert "សាលាស្រុកអូរជ្រៅ" in home and announced.get_absolute_url() in home


def test_upcoming_forums_come_first_then_past_ones_newest_first(
    officer, host_client, make_district
):
    district = make_district()
    for days, venue in [(-200, "ចាស់"), (-20, "ថ្មីៗ"), (40, "ក្រោយ"), (10, "បន្ទាប់")]:
        _publish_more(officer, district, forum(days=days, venue_km=venue))

    page = host_client(district.primary_domain).get("/forums/").content.decode()

    positions = [page.index(venue) for venue in ("បន្ទាប់", "ក្រោយ", "ថ្មីៗ", "ចាស់")]
    assert positions == sorted(positions)


def _publish_more(officer, district, data):
    publisher = officer(district, "publisher")
    publisher.post("/manage/forums/new/", data)
    with tenant_context(district):
        created = Forum.objects.latest("pk")
    publisher.post(f"/manage/forums/{created.pk}/publish/")


def test_a_held_forum_is_reported_with_attendance_questions_and_minutes(
    officer, host_client, make_district
):
    district = make_district()
    held = _publish(officer, district, forum(days=-3))
    minutes = upload(minimal_pdf("Minutes"), "minutes.pdf", "application/pdf")

    officer(district, "publisher").post(
        f"/manage/forums/{held.pk}/",
        forum(days=-3, women="58", men="47", minutes_pdf=minutes, **_rows(QUESTION)),
    )

    [held] = _forums(district)
    assert (held.women, held.men, held.total) == (58, 47, 105)
    assert held.questions == [{**QUESTION, "answer_en": ""}]
    assert held.minutes.startswith("forums/minutes/") and held.minutes_size > 0
    citizen = host_client(district.primary_domain)
    page = citizen.get(f"/en/forums/{held.pk}/").content.decode()
    assert "105 people: 58 women, 47 men" in page and "Held" in page
    assert "When will the road be repaired?" in page and "ក្នុងខែធ្នូ។" in page
    assert f'href="/media/{held.minutes}"' in page and "PDF, 1 KB" in page
    assert citizen.get(f"/media/{held.minutes}").status_code == 200
    with tenant_context(district):
        last = Revision.objects.filter(action="edited").get()
        assert {c["field"] for c in last.changes} == {
            "women",
            "men",
            "questions",
            "minutes",
            "minutes_size",
        }


def test_emptying_a_question_row_removes_it_and_an_answer_without_question_is_refused(
    officer, make_district
):
    district = make_district()
    publisher = officer(district, "publisher")
    held = _held(publisher, district)
    publisher.post(f"/manage/forums/{held.pk}/", forum(days=-3, **_rows(QUESTION)))

    response = publisher.post(
        f"/manage/forums/{held.pk}/",
        forum(days=-3, **_rows({"answer_km": "ចម្លើយ"}, initial=1)),
    )

    assert says(
        response, "Write the question in Khmer, or empty every box of this row to remove it."
    )
    assert _forums(district)[0].questions == [{**QUESTION, "answer_en": ""}]

    publisher.post(f"/manage/forums/{held.pk}/", forum(days=-3, **_rows({}, initial=1)))

    assert _forums(district)[0].questions == []


def test_negative_or_wordy_attendance_says_what_to_write_and_nothing_is_saved(
    officer, make_district
):
    district = make_district()
    editor = officer(district, "editor")
    held = _held(editor, district)

    response = editor.post(
        f"/manage/forums/{held.pk}/",
        forum(women="-4", men="many", venue_km="", starts_at="tomorrow"),
    )

    assert says(
        response, "Write a whole number of people, such as 35, or leave it empty if not known."
    )
    assert says(response, "Write where the forum takes place, in Khmer.")
    assert says(response, "Write the date and time as on a calendar, such as 2026-11-27 08:00.")
    assert [(f.women, f.men, f.venue_km) for f in _forums(district)] == [
        (None, None, held.venue_km)
    ]


def test_script_in_the_agenda_is_removed_with_a_message(officer, host_client, make_district):
    district = make_district()
    hostile = (
        '<p onclick="steal()">របៀបវារៈ <strong>សំខាន់</strong></p>'
        '<script>alert(document.cookie)</script><a href="javascript:alert(1)">ចុច</a>'
    )

    response = officer(district, "publisher").post(
        "/manage/forums/new/", forum(agenda_km=hostile), follow=True
    )

    assert says(
        response,
        "Scripts and other unsafe code were removed from the text. Check that the text still "
        "reads as you meant.",
    )
    [saved] = _forums(district)
    for unsafe in ("script", "onclick", "javascript:", "alert"):
        assert unsafe not in saved.agenda_km
    assert "<strong>សំខាន់</strong>" in saved.agenda_km


def test_minutes_that_are_not_a_pdf_are_refused_and_nothing_is_stored(officer, make_district):
    district = make_district()
    disguised = upload(b"<?php system($_GET['c']); ?>", "minutes.pdf", "application/pdf")
    publisher = officer(district, "publisher")
    held = _held(publisher, district)

    response = publisher.post(f"/manage/forums/{held.pk}/", forum(days=-3, minutes_pdf=disguised))

    assert says(
        response,
        "This file is not a PDF we can use. Choose a PDF file, such as one saved from Word or "
        "made by a scanner.",
    )
    assert _forums(district)[0].minutes == "" and _stored(district, "forums/minutes") == []


def test_oversized_minutes_are_refused_and_nothing_is_stored(officer, make_district, settings):
    settings.SROK_PDF_MAX_BYTES = 100 * 1024
    district = make_district()
    big = minimal_pdf("Big").replace(b"%PDF-1.4\n", b"%PDF-1.4\n%" + b"x" * 300_000 + b"\n")
    publisher = officer(district, "publisher")
    held = _held(publisher, district)

    response = publisher.post(
        f"/manage/forums/{held.pk}/",
        forum(days=-3, minutes_pdf=upload(big, "minutes.pdf", "application/pdf")),
    )

    assert says(response, "Some fields need fixing. Each one says what to change.")
    assert "0.3 MB" in response.content.decode()
    assert _forums(district)[0].minutes == "" and _stored(district, "forums/minutes") == []


def test_a_php_file_named_jpg_is_refused_as_a_photo_and_nothing_is_stored(officer, make_district):
    district = make_district()
    disguised = upload(b"<?php system($_GET['c']); ?>", name="forum.jpg")
    minutes = upload(minimal_pdf("Minutes"), "minutes.pdf", "application/pdf")
    publisher = officer(district, "publisher")
    held = _held(publisher, district)

    response = publisher.post(
        f"/manage/forums/{held.pk}/", forum(days=-3, photo=disguised, minutes_pdf=minutes)
    )

    assert says(response, "This file is not a photo we can use. Choose a JPEG, PNG or WebP photo.")
    assert _forums(district)[0].minutes == "" and _stored(district, "forums/minutes") == []
    with tenant_context(district):
        assert ForumPhoto.objects.count() == 0
    assert _stored(district, "forums/uploads") == []


def test_forum_photos_are_re_encoded_by_the_photo_task_and_served_only_on_the_districts_host(
    photo_worker, officer, host_client, make_district
):
    district_a, district_b = make_district(), make_district()
    held = _publish(officer, district_a, forum(days=-3, photo=upload(phone_photo(800, 600))))

    photo = _wait_for_photo(district_a, held.pk)

    assert sorted(map(int, photo.renditions)) == [360, 720]
    page = host_client(district_a.primary_domain).get(f"/forums/{held.pk}/").content.decode()
    path = "/media/" + photo.renditions["720"]
    assert f'src="{path}"' in page or f"{path} 720w" in page
    assert host_client(district_a.primary_domain).get(path).status_code == 200
    assert host_client(district_b.primary_domain).get(path).status_code == 404


def _wait_for_photo(district, forum_id, timeout=30):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with tenant_context(district):
            photo = ForumPhoto.objects.filter(forum_id=forum_id).first()
        if photo and photo.is_ready:
            return photo
        time.sleep(0.05)
    raise AssertionError(f"photo of forum {forum_id} not ready after {timeout}s")


def test_another_districts_host_never_shows_or_serves_a_districts_forums(
    officer, host_client, make_district
):
    district_a, district_b = make_district(), make_district()
    minutes = upload(minimal_pdf("Minutes"), "minutes.pdf", "application/pdf")
    held = _publish(officer, district_a, forum(days=-3, minutes_pdf=minutes))
    on_b = host_client(district_b.primary_domain)

    assert "សាលាស្រុកអូរជ្រៅ" not in on_b.get("/forums/").content.decode()
    assert "សាលាស្រុកអូរជ្រៅ" not in on_b.get("/").content.decode()
    assert on_b.get(f"/forums/{held.pk}/").status_code == 404
    assert on_b.get(f"/media/{held.minutes}").status_code == 404
    b_publisher = officer(district_b, "publisher")
    assert b_publisher.get(f"/manage/forums/{held.pk}/").status_code == 404
    assert "សាលាស្រុកអូរជ្រៅ" not in b_publisher.get("/manage/forums/").content.decode()


def test_the_console_asks_for_the_next_forum_and_for_missing_minutes(officer, make_district):
    district = make_district()
    publisher = officer(district, "publisher")

    nothing_yet = publisher.get("/manage/")
    _publish(officer, district, forum(days=-3))
    held = _forums(district)[0]
    held_without_minutes = publisher.get("/manage/").content.decode()
    _publish_more(officer, district, forum(days=30))
    announced = publisher.get("/manage/")

    assert says(nothing_yet, "Next forum not announced")
    date = timezone.localtime(held.starts_at).strftime("%Y-%m-%d")
    assert f'href="{held.get_manage_url()}"' in held_without_minutes
    assert date in held_without_minutes
    assert not says(announced, "Next forum not announced")


def test_snapshot_figures_give_the_last_and_next_forum_dates(officer, make_district):
    from district_site.core.contributions import snapshot_figures

    district = make_district()
    _publish(officer, district, forum(days=-3))
    _publish_more(officer, district, forum(days=30))
    officer(district, "publisher").post("/manage/forums/new/", forum(days=5))  # a draft

    with tenant_context(district):
        figures = snapshot_figures()
        today = timezone.localdate()
    assert figures["forum_last_held_on"] == today - timedelta(days=3)
    assert figures["forum_next_on"] == today + timedelta(days=30)


def test_the_demo_gives_a_district_a_held_and_an_announced_forum_once(make_district, host_client):
    from district_site.forums.demo import seed as seed_demo_forums

    district = make_district()
    seed_demo_forums(district)
    seed_demo_forums(district)

    forums = _forums(district)
    assert len(forums) == 2 and all(f.is_published for f in forums)
    announced, held = forums  # newest date first
    assert not announced.is_held and held.is_held and held.total == 105 and held.minutes
    assert "សាលាឃុំសំរោង" in host_client(district.primary_domain).get("/").content.decode()


def test_published_forums_are_searchable_and_in_the_sitemap_but_drafts_are_not(
    officer, host_client, make_district
):
    district = make_district()
    held = _publish(officer, district, forum(days=-3, **_rows(QUESTION)))
    officer(district, "editor").post("/manage/forums/new/", forum(venue_en="Secret draft hall"))
    citizen = host_client(district.primary_domain)

    found = citizen.get("/en/search/", {"q": "road repaired"}).content.decode()
    draft = citizen.get("/en/search/", {"q": "secret draft hall"}).content.decode()
    sitemap = citizen.get("/sitemap.xml").content.decode()

    assert held.get_absolute_url().replace("/forums/", "/en/forums/") in found
    # Every page's footer links to /forums/; no result links to a forum.
    assert not re.search(r"/forums/\d+/", draft)
    assert f"/forums/{held.pk}/</loc>" in sitemap and "/en/forums/</loc>" in sitemap


def test_the_announcement_asks_only_what_is_known_before_the_forum(officer, make_district):
    """Announce first, report after: the form for a new or upcoming forum has no attendance,
    minutes, photos or questions; once the date has passed, the report form has them."""
    district = make_district()
    publisher = officer(district, "publisher")
    report_fields = ('name="women"', 'name="men"', 'name="minutes_pdf"', 'name="photo"')

    new = publisher.get("/manage/forums/new/").content.decode()
    publisher.post("/manage/forums/new/", forum(days=10, women="40", men="30"))
    [upcoming] = _forums(district)
    upcoming_form = publisher.get(f"/manage/forums/{upcoming.pk}/").content.decode()
    held = _held(publisher, district, days=-2)
    report = publisher.get(f"/manage/forums/{held.pk}/").content.decode()

    for page in (new, upcoming_form):
        assert not any(field in page for field in report_fields)
        assert "questions-TOTAL_FORMS" not in page
    assert (upcoming.women, upcoming.men) == (None, None)
    assert all(field in report for field in report_fields)
    assert "questions-TOTAL_FORMS" in report

"""A citizen sends feedback without an account, follows it with a code and reads the answer;
abuse and mistakes get a clear message and lose nothing."""

import io
import re
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from PIL import Image

from district_site.feedback.models import Feedback
from tests.conftest import PASSWORD


def _photo(size=(2400, 1800), exif_gps=True):
    image = Image.new("RGB", size, (30, 120, 60))
    out = io.BytesIO()
    exif = Image.Exif()
    if exif_gps:
        exif[0x010F] = "PhoneMaker"  # Make; stands for the metadata a phone writes
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


def _send(client, **fields):
    data = {"category": "service", "message": "The road to the health centre is broken."}
    data.update(fields)
    return client.post("/en/feedback/", data)


def _code(response):
    return re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", response.content.decode()).group(0)


def test_a_citizen_gets_a_tracking_code_and_follows_the_answer(
    host_client, make_district, make_officer
):
    district = make_district()
    client = host_client(district.primary_domain)

    sent = _send(client, contact="012 345 678", photo=_photo())
    code = _code(sent)
    officer = host_client(district.primary_domain)
    officer.post(
        "/manage/login/", {"username": make_officer(district, "publisher"), "password": PASSWORD}
    )
    with schema_context(district.schema_name):
        feedback = Feedback.objects.get(tracking_code=code)
    officer.post(
        f"/manage/feedback/{feedback.pk}/", {"reply": "Repairs start next week.", "publish": "on"}
    )

    followed = client.get(f"/en/feedback/track/{code}/").content.decode()
    assert "Repairs start next week." in followed
    answers = client.get("/en/feedback/answers/").content.decode()
    assert "Repairs start next week." in answers
    assert "012 345 678" not in followed + answers


def test_the_photo_is_re_encoded_smaller_and_without_metadata(host_client, make_district):
    district = make_district()

    code = _code(_send(host_client(district.primary_domain), photo=_photo()))

    with schema_context(district.schema_name):
        stored = Feedback.objects.get(tracking_code=code).photo
        with stored.open("rb") as file, Image.open(file) as image:
            assert max(image.size) == 1600
            assert not image.getexif()


def test_a_file_that_is_not_an_image_is_refused_and_the_text_kept(host_client, make_district):
    district = make_district()
    fake = SimpleUploadedFile("photo.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg")

    response = _send(
        host_client(district.primary_domain),
        photo=fake,
        message="Please fix the well in my village.",
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "Please fix the well in my village." in body
    assert "This file is not a photo we can use. Choose a JPEG, PNG or WebP photo." in body
    with schema_context(district.schema_name):
        assert not Feedback.objects.exists()


def test_a_message_too_long_says_how_long_and_keeps_it(host_client, make_district):
    district = make_district()

    response = _send(host_client(district.primary_domain), message="ក" * 3100)

    assert response.status_code == 400
    assert "3100 characters long" in response.content.decode()
    assert "ក" * 3100 in response.content.decode()


def test_the_honeypot_stores_nothing(host_client, make_district):
    district = make_district()

    response = _send(host_client(district.primary_domain), website="http://spam.example")

    assert response.status_code == 200
    with schema_context(district.schema_name):
        assert not Feedback.objects.exists()


def test_a_flood_from_one_address_is_stopped_with_a_clear_message(
    host_client, make_district, settings
):
    settings.FEEDBACK_PER_HOUR = 2
    district = make_district()
    client = host_client(district.primary_domain)
    _send(client)
    _send(client)

    response = _send(client, message="A third message in one hour.")

    assert response.status_code == 429
    assert "A third message in one hour." in response.content.decode()
    with schema_context(district.schema_name):
        assert Feedback.objects.count() == 2


def test_a_districts_feedback_cannot_be_followed_on_another_host(host_client, make_district):
    district_a, district_b = make_district(), make_district()
    code = _code(_send(host_client(district_a.primary_domain)))

    assert (
        host_client(district_b.primary_domain).get(f"/en/feedback/track/{code}/").status_code == 404
    )


def test_an_editor_cannot_publish_an_answer(host_client, make_district, make_officer):
    district = make_district()
    code = _code(_send(host_client(district.primary_domain)))
    editor = host_client(district.primary_domain)
    editor.post(
        "/manage/login/", {"username": make_officer(district, "editor"), "password": PASSWORD}
    )
    with schema_context(district.schema_name):
        feedback = Feedback.objects.get(tracking_code=code)

    editor.post(f"/manage/feedback/{feedback.pk}/", {"reply": "Draft answer", "publish": "on"})

    feedback.refresh_from_db()
    with schema_context(district.schema_name):
        feedback.refresh_from_db()
        assert feedback.reply == "" and not feedback.reply_published


def test_officers_are_emailed_about_new_feedback(
    host_client, make_district, make_officer, mailoutbox, request, settings
):
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        request.getfixturevalue("celery_worker")
    district = make_district()
    admin = make_officer(district, "district_admin")
    editor = make_officer(district, "editor")

    _send(host_client(district.primary_domain))

    # The worker may also deliver other tests' notifications queued before it started.
    deadline = time.monotonic() + 30
    while not [m for m in mailoutbox if admin in m.to] and time.monotonic() < deadline:
        time.sleep(0.05)
    ours = [m for m in mailoutbox if admin in m.to]
    assert len(ours) == 1 and ours[0].to == [admin]
    assert f"{district.primary_domain}:8000/manage/feedback/" in ours[0].body
    assert not [m for m in mailoutbox if editor in m.to]


def test_the_province_sees_waiting_feedback_and_answer_time(
    host_client, make_district, make_officer, request, settings
):
    from tenants.models import DistrictSnapshot

    if not settings.CELERY_TASK_ALWAYS_EAGER:
        request.getfixturevalue("celery_worker")
    district = make_district()
    client = host_client(district.primary_domain)
    _send(client)
    code = _code(_send(client))
    officer = host_client(district.primary_domain)
    officer.post(
        "/manage/login/", {"username": make_officer(district, "publisher"), "password": PASSWORD}
    )
    with schema_context(district.schema_name):
        feedback = Feedback.objects.get(tracking_code=code)
    officer.post(f"/manage/feedback/{feedback.pk}/", {"reply": "Done."})

    deadline = time.monotonic() + 30
    snapshot = None
    while time.monotonic() < deadline:
        snapshot = DistrictSnapshot.objects.filter(district=district).first()
        if snapshot and snapshot.figures.get("feedback_median_answer_hours") is not None:
            break
        time.sleep(0.05)
    assert snapshot.figures["feedback_waiting"] == 1
    assert snapshot.figures["feedback_oldest_waiting_since"] is not None
    assert 0 <= snapshot.figures["feedback_median_answer_hours"] < 1


def test_a_script_in_a_message_is_shown_as_text_and_never_run(
    host_client, make_district, make_officer
):
    district = make_district()
    client = host_client(district.primary_domain)
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'

    sent = _send(client, message=f"The road is broken. {script}")

    assert sent.status_code == 200
    code = _code(sent)
    with schema_context(district.schema_name):
        feedback = Feedback.objects.get(tracking_code=code)
    officer = host_client(district.primary_domain)
    officer.post(
        "/manage/login/", {"username": make_officer(district, "publisher"), "password": PASSWORD}
    )
    officer.post(f"/manage/feedback/{feedback.pk}/", {"reply": "Noted.", "publish": "on"})
    pages = [
        client.get(f"/en/feedback/track/{code}/"),
        client.get("/en/feedback/answers/"),
        officer.get(f"/manage/feedback/{feedback.pk}/"),
    ]
    for page in pages:
        body = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_an_oversize_photo_is_refused_with_its_limit_and_the_text_kept(
    host_client, make_district, settings
):
    """The site's one photo limit (settings.SROK_PHOTO_MAX_BYTES), as for officers' photos."""
    district = make_district()
    settings.SROK_PHOTO_MAX_BYTES = 1024 * 1024
    # A real JPEG, padded past the limit (decoders ignore what follows the image).
    huge = _photo(size=(400, 300))
    huge = SimpleUploadedFile("photo.jpg", huge.read() + b"\0" * (1024 * 1024), "image/jpeg")

    response = _send(host_client(district.primary_domain), photo=huge, message="Flooded road.")

    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose a photo of at most 1 MB" in body
    assert "Flooded road." in body
    assert "Your photo was not sent. Choose it again before you send." in body
    with schema_context(district.schema_name):
        assert not Feedback.objects.exists()


def test_a_commune_of_another_district_is_refused(host_client, make_district):
    from tenants import gazetteer

    district, other = make_district(), make_district()
    [(foreign_code, _km, _latin), *_rest] = gazetteer.communes_of(other.code)
    [(own_code, _km, _latin), *_rest] = gazetteer.communes_of(district.code)
    client = host_client(district.primary_domain)

    refused = _send(client, commune_code=foreign_code)
    accepted = _send(client, commune_code=own_code)

    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()
    code = _code(accepted)
    with schema_context(district.schema_name):
        assert Feedback.objects.get(tracking_code=code).commune_code == own_code


def test_a_mistyped_tracking_code_says_so_and_keeps_the_code(host_client, make_district):
    district = make_district()

    response = host_client(district.primary_domain).get("/en/feedback/track/", {"code": "zzzz9999"})

    body = response.content.decode()
    assert response.status_code == 404
    assert "No feedback has the code ZZZZ-9999." in body
    assert 'value="ZZZZ-9999"' in body
    assert '<form method="post" action="/en/feedback/"' in body  # sending still works from here


def test_citizens_see_how_long_answers_take(host_client, make_district):
    from datetime import timedelta

    from django.utils import timezone

    from district_site.feedback import actions

    district = make_district()
    with schema_context(district.schema_name):
        for hours in (20, 30, 100):
            feedback = actions.receive_feedback(category="other", message="A question?")
            actions.answer_feedback(feedback, reply="An answer.", publish=True, actor=None)
            Feedback.objects.filter(pk=feedback.pk).update(
                created_at=timezone.now() - timedelta(hours=hours), answered_at=timezone.now()
            )

    body = host_client(district.primary_domain).get("/en/feedback/answers/").content.decode()

    assert "Half of all messages are answered within 30 hours." in body


def test_only_publishers_close_feedback(host_client, make_district, officer):
    district = make_district()
    code = _code(_send(host_client(district.primary_domain)))
    with schema_context(district.schema_name):
        feedback = Feedback.objects.get(tracking_code=code)

    refused = officer(district, "editor").post(f"/manage/feedback/{feedback.pk}/close/")
    closed = officer(district, "publisher").post(f"/manage/feedback/{feedback.pk}/close/")

    assert refused.status_code == 403 and closed.status_code == 302
    with schema_context(district.schema_name):
        assert Feedback.objects.get(pk=feedback.pk).status == Feedback.Status.CLOSED

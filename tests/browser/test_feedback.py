"""A citizen on a phone reads the home page in Khmer, switches to English, sends feedback with
a photo, follows it with the tracking code and sees the officer's published answer."""

import io
import re

import pytest
from django_tenants.utils import schema_context
from PIL import Image

from district_site.feedback import actions
from district_site.feedback.models import Feedback

pytestmark = pytest.mark.browser


def _photo_file(tmp_path):
    path = tmp_path / "pothole.jpg"
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (120, 90, 40)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


def test_a_citizen_sends_feedback_and_reads_the_published_answer(
    phone, live_port, make_district, tmp_path
):
    district = make_district()
    home = f"http://{district.primary_domain}:{live_port}/"

    phone.goto(home)
    assert district.name_km in phone.locator("header").inner_text()
    phone.get_by_role("link", name="English").click()
    phone.get_by_role("link", name="Send feedback").first.click()
    phone.get_by_label("About").select_option("project")
    phone.get_by_label("Your message").fill("ផ្លូវទៅមណ្ឌលសុខភាពខូច។ The road is broken.")
    phone.get_by_label("Photo (optional)").set_input_files(str(_photo_file(tmp_path)))
    phone.get_by_role("button", name="Send", exact=True).click()
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", phone.locator("main").inner_text()).group(0)

    with schema_context(district.schema_name):
        feedback = Feedback.objects.get(tracking_code=code)
        assert feedback.photo
        actions.answer_feedback(
            feedback, reply="Repairs start on Monday.", publish=True, actor=None
        )

    phone.goto(f"{home}en/feedback/")
    phone.get_by_label("Tracking code").fill(code.lower().replace("-", ""))
    phone.get_by_role("button", name="Follow").click()
    assert "Repairs start on Monday." in phone.locator("main").inner_text()
    # Published: every citizen reads it among the questions and answers (on a phone the menu
    # is one line until opened).
    phone.locator(".menu > summary").click()
    phone.get_by_role("link", name="Send feedback").first.click()
    phone.get_by_role("link", name="Questions and answers").click()
    assert "Repairs start on Monday." in phone.locator("main").inner_text()
    phone.screenshot(path="/tmp/srok-feedback-answer.png", full_page=True)

"""Every action that takes an actor records who acted in the district's audit log, including
changes to content whose history is not kept for restoring (the district's contact details,
a citizen's feedback); those entries cannot be restored."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from district_site.core import actions as core_actions
from district_site.feedback import actions as feedback_actions
from district_site.revisions.models import Revision

from ..conftest import phone_photo


def _entries(since=0):
    return [
        (r.author_name, r.action, r.content_type.model, [c["field"] for c in r.changes])
        for r in Revision.objects.order_by("pk").select_related("content_type")[since:]
    ]


def _photo():
    return SimpleUploadedFile("office.jpg", phone_photo(800, 600), content_type="image/jpeg")


def test_changes_to_the_contact_details_name_the_officer(make_district):
    district = make_district()
    with tenant_context(district):
        before = Revision.objects.count()
        core_actions.update_profile(actor="clerk@example", phone="012 345 678", email="")
        core_actions.set_photo(_photo(), actor="clerk@example")
        core_actions.remove_photo(actor="admin@example")
        entries = _entries(before)
        restorable = [r.can_be_restored for r in Revision.objects.order_by("pk")[before:]]

    assert entries == [
        ("clerk@example", "edited", "districtprofile", ["phone"]),
        ("clerk@example", "edited", "districtprofile", []),
        ("admin@example", "edited", "districtprofile", []),
    ]
    assert restorable == [False, False, False]


def test_answering_and_closing_feedback_name_the_officer(make_district):
    district = make_district()
    with tenant_context(district):
        clerk, chief = (
            get_user_model().objects.create_user(username=email, email=email)
            for email in ("clerk@example", "chief@example")
        )
        feedback = feedback_actions.receive_feedback(category="service", message="When?")
        before = Revision.objects.count()
        feedback_actions.answer_feedback(feedback, reply="At 7:30.", publish=True, actor=clerk)
        feedback_actions.close_feedback(feedback, actor=chief)
        authors = [r.author for r in Revision.objects.order_by("pk")[before:]]
        entries = _entries(before)

    assert entries == [
        ("clerk@example", "edited", "feedback", ["reply", "reply_published"]),
        ("chief@example", "edited", "feedback", ["status"]),
    ]
    assert authors == [clerk, chief]

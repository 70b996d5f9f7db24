"""Every change to a piece of feedback: received, assigned, answered, published, closed."""

from django.db import connection, transaction
from django.utils import timezone

from district_site.core import photos
from district_site.core.signals import content_published
from district_site.core.tasks import refresh_district_snapshot
from district_site.revisions import actions as revisions
from district_site.revisions.models import Revision
from tenants import outbox

from .models import Feedback
from .tasks import notify_officers, tell_citizen_answered

PHOTO_MAX_SIDE = 1600


@transaction.atomic
def receive_feedback(*, category, message, commune_code="", contact="", photo=None):
    feedback = Feedback(
        category=category, message=message, commune_code=commune_code, contact=contact
    )
    if photo:
        # Re-encoded, never stored as sent: a phone photo carries the sender's location in its
        # metadata, and a file that only pretends to be an image must not be served back.
        copy = photos.reencoded(photo, PHOTO_MAX_SIDE)
        feedback.photo.save(f"{feedback.tracking_code}.jpg", copy, save=False)
    feedback.save()
    outbox.enqueue(notify_officers, [feedback.pk], key=f"feedback:{feedback.tracking_code}")
    outbox.enqueue_coalesced(refresh_district_snapshot)
    return feedback


@transaction.atomic
def assign_feedback(feedback, *, to):
    feedback.assigned_to = to
    if feedback.status == Feedback.Status.NEW:
        feedback.status = Feedback.Status.ASSIGNED
    feedback.save(update_fields=["assigned_to", "status"])


@transaction.atomic
def answer_feedback(feedback, *, reply, publish, actor):
    changes = revisions.field_changes(feedback, {"reply": reply, "reply_published": publish})
    first_answer = not feedback.reply and bool(reply)
    feedback.reply = reply
    feedback.reply_published = publish
    feedback.status = Feedback.Status.ANSWERED
    feedback.answered_at = feedback.answered_at or timezone.now()
    feedback.assigned_to = feedback.assigned_to or actor
    feedback.save(
        update_fields=["reply", "reply_published", "status", "answered_at", "assigned_to"]
    )
    revisions.record(feedback, Revision.Action.EDITED, actor=actor, changes=changes)
    if first_answer and feedback.email_address and feedback.answer_mailed_at is None:
        # The citizen can read the answer at their tracking link from now on (published to
        # everyone or not): they are told so once, by the worker, if they left an e-mail.
        outbox.enqueue(
            tell_citizen_answered,
            [feedback.pk],
            key=f"{connection.schema_name}:feedback-answer:{feedback.tracking_code}",
        )
    outbox.enqueue_coalesced(refresh_district_snapshot)
    # An answer changes the published feedback statistics.
    content_published.send(sender=Feedback, kind="feedback")


@transaction.atomic
def close_feedback(feedback, *, actor):
    changes = revisions.field_changes(feedback, {"status": Feedback.Status.CLOSED})
    feedback.status = Feedback.Status.CLOSED
    feedback.closed_at = timezone.now()
    feedback.save(update_fields=["status", "closed_at"])
    revisions.record(feedback, Revision.Action.EDITED, actor=actor, changes=changes)
    outbox.enqueue_coalesced(refresh_district_snapshot)

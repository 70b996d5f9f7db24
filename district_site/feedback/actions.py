"""Every change to a piece of feedback: received, assigned, answered, published, closed."""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageOps

from district_site.core.signals import content_published
from district_site.core.tasks import refresh_district_snapshot

from .models import Feedback
from .tasks import notify_officers

PHOTO_MAX_SIDE = 1600


@transaction.atomic
def receive_feedback(*, category, message, commune_code="", contact="", photo=None):
    feedback = Feedback(
        category=category, message=message, commune_code=commune_code, contact=contact
    )
    if photo:
        # Re-encoded, never stored as sent: a phone photo carries the sender's location in its
        # metadata, and a file that only pretends to be an image must not be served back.
        feedback.photo.save(f"{feedback.tracking_code}.jpg", _clean_photo(photo), save=False)
    feedback.save()
    transaction.on_commit(lambda: notify_officers.delay(feedback.pk))
    transaction.on_commit(refresh_district_snapshot.delay)
    return feedback


def _clean_photo(upload):
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue())


@transaction.atomic
def assign_feedback(feedback, *, to):
    feedback.assigned_to = to
    if feedback.status == Feedback.Status.NEW:
        feedback.status = Feedback.Status.ASSIGNED
    feedback.save(update_fields=["assigned_to", "status"])


@transaction.atomic
def answer_feedback(feedback, *, reply, publish, by):
    feedback.reply = reply
    feedback.reply_published = publish
    feedback.status = Feedback.Status.ANSWERED
    feedback.answered_at = feedback.answered_at or timezone.now()
    feedback.assigned_to = feedback.assigned_to or by
    feedback.save(
        update_fields=["reply", "reply_published", "status", "answered_at", "assigned_to"]
    )
    transaction.on_commit(refresh_district_snapshot.delay)
    # An answer changes the published feedback statistics.
    content_published.send(sender=Feedback, kind="feedback")


@transaction.atomic
def close_feedback(feedback, *, by):
    feedback.status = Feedback.Status.CLOSED
    feedback.closed_at = timezone.now()
    feedback.save(update_fields=["status", "closed_at"])
    transaction.on_commit(refresh_district_snapshot.delay)

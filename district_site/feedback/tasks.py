from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from tenants.links import district_url
from tenants.models import OfficerRole

from .models import Feedback


@shared_task
def notify_officers(feedback_id):
    """E-mail the district's administrators and publishers about new feedback. Runs in the
    district's schema (tenant-schemas-celery), so it finds that district's officers only."""
    feedback = Feedback.objects.get(pk=feedback_id)
    recipients = list(
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__in=[OfficerRole.DISTRICT_ADMIN, OfficerRole.PUBLISHER],
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    district = connection.tenant
    link = district_url(district, reverse("feedback_manage:detail", args=[feedback.pk]))
    with override("km"):
        subject = _("New feedback for %(district)s district: %(code)s") % {
            "district": district.name,
            "code": feedback.tracking_code,
        }
        body = _("A citizen sent feedback (%(category)s). Read and answer it here:\n%(link)s") % {
            "category": feedback.get_category_display(),
            "link": link,
        }
    send_mail(subject, body, None, recipients)
    return len(recipients)


@shared_task
def tell_citizen_answered(feedback_id):
    """E-mail the citizen who left an e-mail address that the district answered, in Khmer then
    English, with the link to their tracking page (where the answer is). Once only: the row is
    locked, and the time of sending saved in the same transaction, so a task delivered twice
    (acks_late, a relay after a crash) finds it sent. A failed send rolls back and is retried.

    Later channels (an SMS gateway, a Telegram bot) belong here too: ``contact`` holds a phone
    number when it is not an e-mail address (docs/architecture.md, "Telling citizens")."""
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().filter(pk=feedback_id).first()
        if feedback is None or feedback.answer_mailed_at or not feedback.reply:
            return 0
        address = feedback.email_address
        if not address:
            return 0
        district = connection.tenant
        texts = []
        for language in ("km", "en"):
            with override(language):
                link = district_url(
                    district, reverse("feedback:track", args=[feedback.tracking_code])
                )
                texts.append(
                    (
                        _("%(district)s district answered your feedback %(code)s")
                        % {"district": district.name, "code": feedback.tracking_code},
                        _(
                            "The district office has answered the feedback you sent. Read the "
                            "answer here:\n%(link)s\n\nThis e-mail was sent because you left "
                            "your address with your feedback; it is not shown to anyone else."
                        )
                        % {"link": link},
                    )
                )
        (subject_km, body_km), (subject_en, body_en) = texts
        send_mail(f"{subject_km} / {subject_en}", f"{body_km}\n\n---\n\n{body_en}", None, [address])
        feedback.answer_mailed_at = timezone.now()
        feedback.save(update_fields=["answer_mailed_at"])
    return 1

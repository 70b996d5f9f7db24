from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection
from django.urls import reverse
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

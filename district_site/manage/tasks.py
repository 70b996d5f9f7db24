"""The console's background work, sent by a worker through the outbox (tenants/outbox.py) so
that the request that asked for it never waits on the mail server, and mail asked for while the
server is away is sent when it is back: the password-reset e-mail, and telling an editor what a
publisher decided about their change."""

from celery import shared_task
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from django_tenants.utils import schema_context

from district_site.revisions.models import Review
from tenants.invitations import active_officer, password_token, send_to_officer
from tenants.links import district_url


@shared_task
def send_password_reset(district_id, user_id):
    """E-mail officer ``user_id`` a link to choose a new password; an account disabled since
    the request gets none."""
    district, user = active_officer(district_id, user_id)
    if user is None:
        return False
    with schema_context(district.schema_name):
        send_reset_email(district, user)
    return True


RESET = gettext_lazy(
    "Someone asked to reset the password of your account on the website of "
    "%(district)s district.\n"
    "Choose a new password here (the link works for %(days)d days, once):\n"
    "%(url)s\n"
    "If you did not ask for it, ignore this e-mail: your password stays as it is."
)
RESET_SUBJECT = gettext_lazy("Reset your password on the website of %(district)s district")


def reset_url(district, user):
    uidb64, token = password_token(user)
    path = reverse("manage:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    return district_url(district, path)


def send_reset_email(district, user):
    send_to_officer(district, user, RESET_SUBJECT, RESET, {"url": reset_url(district, user)})


@shared_task
def tell_author(review_id):
    """E-mail the author of a proposal what a publisher decided (and their comment). Runs on
    the worker in the district's schema (tenant-schemas-celery), queued through the outbox with
    the decision, so a slow mail server never holds up the publisher's screen."""
    from django.core.mail import send_mail

    review = Review.objects.select_related("proposal__author").get(pk=review_id)
    author = review.proposal.author
    if author is None or not author.is_active or not author.email:
        return 0
    district = connection.tenant
    link = district_url(district, reverse("manage:dashboard"))
    values = {
        "item": review.proposal.object_repr,
        "who": review.reviewer_name,
        "comment": review.comment,
        "link": link,
    }
    with override("km"):
        if review.outcome == Review.Outcome.SENT_BACK:
            subject = _("Your change was sent back: %(item)s") % values
            body = (
                _(
                    "%(who)s sent back your change to %(item)s with this comment:\n\n"
                    "%(comment)s\n\nChange it in the console:\n%(link)s"
                )
                % values
            )
        else:
            subject = _("Your change is published: %(item)s") % values
            body = _("%(who)s published your change to %(item)s.\n%(link)s") % values
    send_mail(subject, body, None, [author.email])
    return 1

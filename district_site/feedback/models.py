import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _

# No 0/O or 1/I/L: citizens copy the code from a phone screen onto paper and back.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_tracking_code():
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


class Feedback(models.Model):
    class Category(models.TextChoices):
        SERVICE = "service", _("A public service")
        PROJECT = "project", _("A development project")
        BUDGET = "budget", _("The budget")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        NEW = "new", _("Received")
        ASSIGNED = "assigned", _("Being looked at")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    tracking_code = models.CharField(max_length=9, unique=True, default=new_tracking_code)
    category = models.CharField(_("about"), max_length=10, choices=Category.choices)
    message = models.TextField(_("your message"))
    commune_code = models.CharField(_("commune"), max_length=6, blank=True)
    # Never shown on any public page: only officers see it, to reach the citizen.
    contact = models.CharField(_("phone or e-mail (optional)"), max_length=120, blank=True)
    photo = models.ImageField(_("photo (optional)"), upload_to="feedback/%Y/%m/", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reply = models.TextField(_("answer"), blank=True)
    reply_published = models.BooleanField(_("publish the question and answer"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # When the citizen was e-mailed that the district answered (tasks.tell_citizen_answered):
    # set in the same transaction as the sending, so a redelivered task never mails twice.
    answer_mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return self.tracking_code

    @property
    def email_address(self):
        """The e-mail address the citizen left in ``contact``, or "" when they left a phone
        number or nothing (the one field takes either)."""
        contact = self.contact.strip()
        try:
            validate_email(contact)
        except ValidationError:
            return ""
        return contact

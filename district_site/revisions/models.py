from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Revision(models.Model):
    """One change to one piece of content. ``data`` is the content's tracked fields after the
    change (for a proposal: as the editor wants them), so any revision can be restored;
    ``changes`` is the field diff against what was there before. Never edited."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        PROPOSED = "proposed", _("Draft change waiting for a publisher")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Withdrawn from the site")
        RESTORED = "restored", _("Earlier version restored")
        DELETED = "deleted", _("Deleted")
        SENT_BACK = "sent_back", _("Change sent back to its author")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(_("content"), max_length=200)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept apart from the account: the log still names who did it after an account is removed.
    author_name = models.CharField(_("by"), max_length=254)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    data = models.JSONField(encoder=DjangoJSONEncoder, default=dict)
    changes = models.JSONField(encoder=DjangoJSONEncoder, default=list)
    restored_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        return f"{self.object_repr} {self.action} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def change_rows(self):
        """The diff with each field's label in the reader's language (labels are not stored:
        the same log is read in Khmer and in English)."""
        model = self.content_type.model_class()
        rows = []
        for change in self.changes:
            try:
                field = model._meta.get_field(change["field"])
            except FieldDoesNotExist:  # a field since removed from the model
                rows.append({**change, "label": change["field"]})
                continue
            rows.append(
                {
                    **change,
                    "label": field.verbose_name,
                    # Dates were stored as text ("2026-12-03T07:00:00Z"): back into values, so
                    # templates show them in the district's time, not in UTC's.
                    "old": _readable(field, change["old"]),
                    "new": _readable(field, change["new"]),
                }
            )
        return rows

    @property
    def can_be_restored(self):
        return self.action != self.Action.DELETED and bool(self.data)


def _readable(field, value):
    if isinstance(value, str) and isinstance(field, models.DateField) and value:
        try:
            return field.to_python(value)
        except ValidationError:
            return value
    return value


class Review(models.Model):
    """A publisher's decision on an editor's proposal (a Revision with action PROPOSED): it was
    published, sent back with a comment, or replaced by a newer proposal for the same item
    (or its item was deleted). A proposal without a review is waiting in the review queue.
    Kept apart from the revision, which is never edited."""

    class Outcome(models.TextChoices):
        PUBLISHED = "published", _("Published")
        SENT_BACK = "sent_back", _("Sent back")
        SUPERSEDED = "superseded", _("Replaced by a newer change")

    proposal = models.OneToOneField(Revision, on_delete=models.CASCADE, related_name="review")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    comment = models.TextField(_("comment"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_name = models.CharField(_("reviewed by"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.outcome} {self.proposal_id}"

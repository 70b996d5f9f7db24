from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
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
                label = model._meta.get_field(change["field"]).verbose_name
            except FieldDoesNotExist:  # a field since removed from the model
                label = change["field"]
            rows.append({**change, "label": label})
        return rows

    @property
    def can_be_restored(self):
        return self.action != self.Action.DELETED and bool(self.data)

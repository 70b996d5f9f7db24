from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficerEvent(models.Model):
    """What a district administrator did to the district's officer accounts (invite, change
    of role, disable, enable again), kept in the district's own schema for its audit log. Each
    is also written to the province's trail (tenants.models.AuditEvent)."""

    class Action(models.TextChoices):
        INVITED = "invited", _("Officer invited")
        ROLE_CHANGED = "role_changed", _("Officer's role changed")
        DISABLED = "disabled", _("Officer disabled")
        ENABLED = "enabled", _("Officer enabled again")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    officer = models.CharField(_("officer"), max_length=254)
    # Kept as text, like revisions' author_name: the log outlives accounts.
    by = models.CharField(_("by"), max_length=254)
    old_role = models.CharField(max_length=30, blank=True)
    new_role = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("officer event")
        verbose_name_plural = _("officer events")

    def __str__(self):
        return f"{self.action} {self.officer} by {self.by}"

    @property
    def role_change(self):
        """ "editor → publisher", in the reader's language."""
        from tenants.models import OfficerRole

        labels = dict(OfficerRole.choices)
        old, new = labels.get(self.old_role, ""), labels.get(self.new_role, "")
        return f"{old} → {new}" if old and new else new

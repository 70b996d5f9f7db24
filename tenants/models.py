from django.db import models
from django.db.models.fields.json import KT
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.utils import get_public_schema_name

from .hostmap import DomainManager


class OfficerRole(models.TextChoices):
    """What a district officer may do on their district's site. Stored as the name of a Group
    in the district's own schema, so each district manages its own officers."""

    DISTRICT_ADMIN = "district_admin", _("District administrator")
    PUBLISHER = "publisher", _("Publisher")
    EDITOR = "editor", _("Editor")


class District(TenantMixin):
    """A district (Srok, Khan or Krong) with its own schema, named after the NCDD gazetteer.

    The platform itself is not a row: its pages are served in the public schema through
    ``District.platform()``, an unsaved instance, so lists of districts never need to skip it.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ARCHIVED = "archived", _("Archived")

    code = models.CharField(_("NCDD code"), max_length=4, unique=True)
    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    name_km = models.CharField(_("name in Khmer"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    province_name_km = models.CharField(_("province in Khmer"), max_length=100)
    province_name_en = models.CharField(_("province in English"), max_length=100)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Schemas are copied from the template by tenants.actions, not migrated one by one.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return f"{self.code} {self.name_en}"

    @classmethod
    def platform(cls):
        return cls(schema_name=get_public_schema_name(), name_km="ស្រុក", name_en="Srok")

    @property
    def is_platform(self):
        return self.schema_name == get_public_schema_name()

    @property
    def name(self):
        """The name in the active language, Khmer when no English one is wanted."""
        return self.name_en if translation.get_language() == "en" else self.name_km

    @property
    def province_name(self):
        return (
            self.province_name_en if translation.get_language() == "en" else self.province_name_km
        )

    @property
    def primary_domain(self):
        """The host absolute links use; reads prefetched domains when there are any."""
        domains = sorted(self.domains.all(), key=lambda d: (not d.is_primary, d.pk))
        return domains[0].domain if domains else None


class Domain(DomainMixin):
    """A host name that serves one district: its official domain or its platform subdomain."""

    objects = DomainManager()

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self):
        return self.domain


class DistrictSnapshot(models.Model):
    """What the platform knows of a district's publishing, written by the district's side
    through ``tenants.actions.record_snapshot`` whenever it changes, so platform pages (the
    directory, the scorecard) read one table instead of visiting every schema."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="snapshot")
    pages_published = models.PositiveIntegerField(default=0)
    content_updated_at = models.DateTimeField(null=True, blank=True)
    feedback_waiting = models.PositiveIntegerField(default=0)
    feedback_oldest_waiting_since = models.DateTimeField(null=True, blank=True)
    feedback_median_answer_hours = models.FloatField(null=True, blank=True)
    # The latest year with a published budget, and when its latest version was published.
    budget_year = models.PositiveSmallIntegerField(null=True, blank=True)
    budget_published_at = models.DateTimeField(null=True, blank=True)
    news_published = models.PositiveIntegerField(default=0)
    news_latest_at = models.DateTimeField(null=True, blank=True)
    projects_published = models.PositiveIntegerField(default=0)
    # Published projects still under way whose progress was not updated for 120 days.
    projects_stale = models.PositiveIntegerField(default=0)
    documents_published = models.PositiveIntegerField(default=0)
    forum_last_held_on = models.DateField(null=True, blank=True)
    forum_next_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("district snapshot")

    def __str__(self):
        return f"snapshot of {self.district_id}"


class DistrictBackup(models.Model):
    """One attempt at backing up a district's schema and media, or the platform's public schema
    (then ``district`` is empty and ``schema_name`` is "public"). The backup itself lives in the
    backup store (``tenants.backups``); this row is what the provincial console shows. It turns
    "complete" only after the backup's manifest, written last, is stored."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        COMPLETE = "complete", _("Complete")
        FAILED = "failed", _("Failed")
        PRUNED = "pruned", _("Removed by retention")

    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="backups",
        verbose_name=_("district"),
    )
    schema_name = models.CharField(_("schema"), max_length=63)
    name = models.CharField(_("backup"), max_length=64)
    location = models.CharField(_("location"), max_length=1024)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    table_rows = models.JSONField(_("rows per table"), default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["district", "status", "-started_at"])]
        verbose_name = _("district backup")
        verbose_name_plural = _("district backups")

    def __str__(self):
        return f"{self.schema_name} {self.name} ({self.status})"


class AuditEvent(models.Model):
    """Who did what to which district, from the provincial console, the CLI or a support
    hand-over. Written only by ``tenants.actions``; never edited."""

    class Action(models.TextChoices):
        ONBOARDED = "onboarded", _("Onboarded")
        SUSPENDED = "suspended", _("Suspended")
        RESUMED = "resumed", _("Resumed")
        ARCHIVED = "archived", _("Archived")
        DOMAIN_ADDED = "domain_added", _("Domain added")
        DOMAIN_REMOVED = "domain_removed", _("Domain removed")
        PRIMARY_DOMAIN = "primary_domain", _("Primary domain changed")
        OFFICER_INVITED = "officer_invited", _("Officer invited")
        OFFICER_DISABLED = "officer_disabled", _("Officer disabled")
        SUPPORT_HANDOVER = "support_handover", _("Support hand-over issued")
        SUPPORT_ENTERED = "support_entered", _("Support hand-over used")

    district = models.ForeignKey(
        District, null=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    actor = models.CharField(_("by"), max_length=254)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                KT("detail__nonce"),
                condition=models.Q(action="support_entered"),
                name="support_handover_used_once",
            )
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action}"


class PublishedHash(models.Model):
    """The public record of a district's published versions (e.g. of a year's budget): their
    hashes, each naming the one before. Written only by ``tenants.actions.record_published_hash``
    when the district publishes; the district's pages compare their stored versions with it."""

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="published_hashes"
    )
    kind = models.CharField(_("kind"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveIntegerField(_("version"))
    sha256 = models.CharField(max_length=64)
    previous = models.CharField(max_length=64, blank=True)
    published_at = models.DateTimeField(_("published"))

    class Meta:
        ordering = ["district", "kind", "year", "version"]
        constraints = [
            models.UniqueConstraint(
                "district", "kind", "year", "version", name="published_hash_unique"
            )
        ]
        verbose_name = _("published hash")
        verbose_name_plural = _("published hashes")

    def __str__(self):
        return f"{self.district_id} {self.kind} {self.year} v{self.version}"

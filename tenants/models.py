import datetime

from django.core.serializers.json import DjangoJSONEncoder
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
    def suspension(self):
        """The audit event that suspended this district (``detail["reason"]`` is what the
        province wrote), or None while the district is not suspended."""
        if self.status != self.Status.SUSPENDED or self.pk is None:
            return None
        return self.audit_events.filter(action=AuditEvent.Action.SUSPENDED).first()

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
    directory, the scorecard) read one table instead of visiting every schema.

    ``figures`` maps each figure's key to its value, as the district apps' ``snapshot.py``
    modules declare them (district_site/core/contributions.py): tenants knows no app's figures,
    so an app adds one without a migration here. Dates and times are stored as ISO text
    (DjangoJSONEncoder); the declared kinds turn them back into values."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="snapshot")
    figures = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("district snapshot")

    def __str__(self):
        return f"snapshot of {self.district_id}"

    def read(self, kinds):
        """{key: value} for each of ``kinds`` ({key: int, float, date or datetime}), None for a
        figure this snapshot does not hold (recorded before its app declared it)."""
        return {key: decode_figure(self.figures.get(key), kind) for key, kind in kinds.items()}


def decode_figure(stored, kind):
    """A figure as JSON holds it, back as a value of ``kind``."""
    if stored is None:
        return None
    if kind is datetime.datetime:
        return datetime.datetime.fromisoformat(stored)
    if kind is datetime.date:
        return datetime.date.fromisoformat(stored)
    return kind(stored)


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
        OFFICER_ENABLED = "officer_enabled", _("Officer enabled again")
        OFFICER_ROLE_CHANGED = "officer_role", _("Officer's role changed")
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


class RateCounter(models.Model):
    """How many requests of one kind one client address made since ``expires_at`` minus the
    window: the rate limits and the login pause (tenants.ratelimit). In the database, not the
    cache, so every process shares it and it holds when Redis is down; unlogged (migration
    0007), since a counter lost in a crash costs nothing."""

    key = models.CharField(max_length=80, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self):
        return f"{self.key} {self.count}"


class OutboxMessage(models.Model):
    """A background task written in the same transaction as the change that needs it, and sent
    to the broker after that transaction commits (tenants/outbox.py). A change whose task the
    broker could not take stays here until the relay sends it: nothing is lost while the
    broker is away, and a message is marked sent in the transaction that claims it, so it is
    sent once."""

    schema_name = models.CharField(max_length=63)
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    # Names the change: a second message for a change still waiting is not added.
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                "key", condition=models.Q(sent_at__isnull=True), name="outbox_one_pending_per_key"
            )
        ]
        indexes = [
            models.Index(
                "created_at", condition=models.Q(sent_at__isnull=True), name="outbox_pending"
            )
        ]

    def __str__(self):
        return f"{self.schema_name} {self.task} {self.key}"


class DeadLetter(models.Model):
    """A task that failed after its last retry: kept for the operator to read and, once the
    cause is fixed, send again (``manage.py dead_letters``)."""

    schema_name = models.CharField(max_length=63)
    task = models.CharField(max_length=200)
    task_id = models.CharField(max_length=255)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    retries = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500)
    traceback = models.TextField(blank=True)
    failed_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-failed_at"]

    def __str__(self):
        return f"{self.failed_at:%Y-%m-%d %H:%M} {self.schema_name} {self.task}"

import json
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from district_site.content.language import bilingual
from district_site.content.models import Publishable, PublishableQuerySet
from district_site.content.photos import Photo

# Cambodia lies within these latitudes and longitudes (with a small margin for its islands);
# a point outside is a typing slip, such as latitude and longitude swapped.
LATITUDE_RANGE = (Decimal("9.9"), Decimal("14.8"))
LONGITUDE_RANGE = (Decimal("102.3"), Decimal("107.7"))
# A project under way whose progress was not reported for this long needs an officer's look.
STALE_AFTER_DAYS = 120


class ProjectQuerySet(PublishableQuerySet):
    def stale(self, today=None):
        """Under way, and no progress reported (nor works started) in STALE_AFTER_DAYS."""
        today = today or timezone.localdate()
        since = today - timedelta(days=STALE_AFTER_DAYS)
        return self.filter(status=Project.Status.UNDER_WAY).filter(
            models.Q(progress_updated_on__lt=since)
            | models.Q(progress_updated_on__isnull=True, start_date__lt=since)
            | models.Q(progress_updated_on__isnull=True, start_date__isnull=True)
        )


class Project(Publishable):
    """A development project: a road, a well, a school building. Sector and funding source
    are codes of the budget's own lists (budget.Code, kinds SECTOR and SOURCE), so a project
    and the budget line paying for it speak the same language. Commune and village are NCDD
    codes of this district's units (tenants.gazetteer)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_WAY = "under_way", _("Under way")
        COMPLETED = "completed", _("Completed")
        SUSPENDED = "suspended", _("Suspended")

    code = models.CharField(_("project code"), max_length=30, unique=True)
    name_km = models.CharField(_("name in Khmer"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    description_km = models.TextField(_("description in Khmer"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    sector = models.CharField(_("sector"), max_length=20)
    funding_source = models.CharField(_("funding source"), max_length=20)
    commune_code = models.CharField(_("commune"), max_length=8)
    village_code = models.CharField(_("village"), max_length=8, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # The budget line paying for the project, named by the budget's own line key (direction,
    # sub-programme, activity, economic code, sector, source, Khmer name: budget.importer
    # LINE_KEY) and year. Budget lines are replaced by every import and versions are frozen
    # copies, so a row id would break; the key is how the budget itself matches a line across
    # versions (budget.history.line_key), so it survives re-imports and corrections.
    budget_year = models.PositiveSmallIntegerField(_("budget year"), null=True, blank=True)
    budget_line_key = models.TextField(_("budget line"), blank=True)
    contractor = models.CharField(_("contractor"), max_length=200, blank=True)
    contract_amount = models.BigIntegerField(
        _("contract amount (riel)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    planned_end_date = models.DateField(_("planned end date"), null=True, blank=True)
    actual_end_date = models.DateField(_("actual end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    # The latest progress update's figures, kept here so lists and the stale check need no
    # join; only actions.add_progress writes them.
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_updated_on = models.DateField(_("progress last reported"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    REVISION_FIELDS = [
        "code",
        "name_km",
        "name_en",
        "description_km",
        "description_en",
        "sector",
        "funding_source",
        "commune_code",
        "village_code",
        "latitude",
        "longitude",
        "budget_year",
        "budget_line_key",
        "contractor",
        "contract_amount",
        "start_date",
        "planned_end_date",
        "actual_end_date",
        "status",
    ]

    class Meta:
        ordering = ["-start_date", "code"]
        indexes = [models.Index(fields=["is_published", "status"])]
        verbose_name = _("development project")
        verbose_name_plural = _("development projects")

    def __str__(self):
        return f"{self.code} {self.name_km}"

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.code], urlconf=settings.ROOT_URLCONF)

    def get_manage_url(self):
        return reverse("projects_manage:edit", args=[self.pk])

    name = bilingual("name")
    description = bilingual("description")

    @classmethod
    def revision_display(cls, field, value):
        """How the change history names the project's codes (district_site.revisions.display):
        sector and source by the budget list's names, commune and village by the gazetteer's,
        the budget line by its name; None leaves other fields to the history's own rules."""
        from district_site.budget.models import Code

        from . import gazetteer

        if field in ("sector", "funding_source"):
            kind = "sector" if field == "sector" else "source"
            code = Code.objects.filter(kind=kind, code=value).first()
            return code.name if code else None
        if field in ("commune_code", "village_code"):
            unit = gazetteer.units([value]).get(value)
            return unit.name if unit else None
        if field == "budget_line_key":
            try:
                return json.loads(value)[-1]  # its Khmer name ends the key
            except (ValueError, TypeError, IndexError, KeyError):
                return None
        return None

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def osm_url(self):
        """OpenStreetMap at the project's point: the map tiles, for readers who are online."""
        if not self.has_point:
            return ""
        lat, lon = self.latitude, self.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"

    @property
    def budget_line(self):
        """The line key as a list, or None."""
        return json.loads(self.budget_line_key) if self.budget_line_key else None


def check_point(latitude, longitude):
    """Both or neither, and inside Cambodia; raises ValidationError by field."""
    errors = {}
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        errors[missing] = _("Give both latitude and longitude, or leave both empty.")
    if latitude is not None and not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        errors["latitude"] = _(
            "This latitude is outside Cambodia (between 9.9 and 14.8). Check that latitude "
            "and longitude are not swapped."
        )
    if longitude is not None and not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        errors["longitude"] = _(
            "This longitude is outside Cambodia (between 102.3 and 107.7). Check that latitude "
            "and longitude are not swapped."
        )
    if errors:
        raise ValidationError(errors)


class ProgressUpdate(Publishable):
    """A dated report of how far the works have got. The percentage never goes down without
    a note saying why (actions.add_progress checks it).

    An editor's update of a project on the site waits for a publisher, unpublished, in the
    review queue (a proposal in revisions, hence ``REVISION_FIELDS``); a publisher's, and any
    update of a draft project, is published at once."""

    REVISION_FIELDS = ["date", "percent", "note_km", "note_en"]

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note_km = models.TextField(_("note in Khmer"), blank=True)
    note_en = models.TextField(_("note in English"), blank=True)
    reported_by = models.CharField(max_length=254, blank=True)
    # Publishable's flag, on by default: existing updates were all on the site, and only an
    # editor's update of a project on the site waits (actions.add_progress says so).
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.project.code} {self.date} {self.percent}%"

    def get_manage_url(self):
        return self.project.get_manage_url()

    note = bilingual("note")

    def ready_photos(self):
        return [photo for photo in self.photos.all() if photo.is_ready]


class ProjectPhoto(Photo):
    """A photo of a progress update, tagged before, during or after the works
    (district_site.content.photos)."""

    class Stage(models.TextChoices):
        BEFORE = "before", _("Before the works")
        DURING = "during", _("During the works")
        AFTER = "after", _("After the works")

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField(_("stage"), max_length=6, choices=Stage.choices)

    class Meta(Photo.Meta):
        verbose_name = _("project photo")
        verbose_name_plural = _("project photos")

    def __str__(self):
        return f"photo {self.pk} of update {self.update_id}"

    def rendition_prefix(self):
        return f"projects/{self.update.project_id}/{self.pk}"

    def photo_parent(self):
        return self.update.project


class ProjectDocument(models.Model):
    """A PDF about the project (contract, design, acceptance report), checked by its content
    (projects.documents) before it is stored."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title_km = models.CharField(_("title in Khmer"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    file = models.FileField(upload_to="projects/documents/")
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")

    def __str__(self):
        return self.title_km

    title = bilingual("title")

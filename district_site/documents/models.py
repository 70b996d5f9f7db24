from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from district_site.content.language import bilingual
from district_site.content.models import Publishable
from district_site.core import pdfs

FIRST_YEAR = 1993  # the kingdom's constitution: no district document is older
LAST_YEAR = 2100


class Document(Publishable):
    """A PDF in the district's library. Khmer title required, English optional. ``file`` is
    the name of the PDF in the district's storage: a plain name, so a revision records which
    file a version had and restoring it brings that file back (replaced files are kept)."""

    class Category(models.TextChoices):
        BUDGET = "budget", _("Budget")
        PLANS = "plans", _("Plans")
        REPORTS = "reports", _("Reports")
        REGULATIONS = "regulations", _("Regulations")
        OTHER = "other", _("Other")

    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("The year the document is about, such as 2026."),
    )
    title_km = models.CharField(_("title in Khmer"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    file = models.CharField(_("PDF file"), max_length=255)
    file_size = models.PositiveIntegerField(_("file size in bytes"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    REVISION_FIELDS = ["category", "year", "title_km", "title_en", "file", "file_size"]

    class Meta:
        ordering = ["-year", "category", "title_km", "pk"]
        indexes = [models.Index(fields=["is_published", "-year"])]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title_km

    def get_absolute_url(self):
        return reverse("documents:list", urlconf=settings.ROOT_URLCONF) + f"#document-{self.pk}"

    def get_manage_url(self):
        return reverse("documents_manage:edit", args=[self.pk])

    title = bilingual("title")

    @property
    def url(self):
        return default_storage.url(self.file) if self.file else ""

    @property
    def size_display(self):
        return pdfs.size_display(self.file_size)

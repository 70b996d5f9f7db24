from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from district_site.content.language import bilingual, in_language
from district_site.content.models import Publishable


class Service(Publishable):
    """One service of the One Window Service Office. Khmer is required, English optional.
    The fee is in whole riel (0 for a free service)."""

    name_km = models.CharField(_("name in Khmer"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    office_km = models.CharField(_("office in Khmer"), max_length=200)
    office_en = models.CharField(_("office in English"), max_length=200, blank=True)
    fee_riel = models.PositiveBigIntegerField(_("fee in riel"), default=0)
    processing_time_km = models.CharField(_("processing time in Khmer"), max_length=100)
    processing_time_en = models.CharField(
        _("processing time in English"), max_length=100, blank=True
    )
    documents_km = models.TextField(_("required documents in Khmer"), blank=True)
    documents_en = models.TextField(_("required documents in English"), blank=True)
    notes_km = models.TextField(_("notes in Khmer"), blank=True)
    notes_en = models.TextField(_("notes in English"), blank=True)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    REVISION_FIELDS = [
        "name_km",
        "name_en",
        "office_km",
        "office_en",
        "fee_riel",
        "processing_time_km",
        "processing_time_en",
        "documents_km",
        "documents_en",
        "notes_km",
        "notes_en",
        "position",
    ]

    class Meta:
        ordering = ["position", "name_km", "pk"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.name_km

    def get_absolute_url(self):
        return reverse("services:list") + f"#service-{self.pk}"

    def get_manage_url(self):
        return reverse("services_manage:edit", args=[self.pk])

    name = bilingual("name")
    office = bilingual("office")
    processing_time = bilingual("processing_time")

    @property
    def documents(self):
        """The documents to bring, one per line as the officer typed them."""
        text = in_language(self.documents_km, self.documents_en)
        return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]

    notes = bilingual("notes")

    @property
    def fee_display(self):
        return f"{self.fee_riel:,}"

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class AdministrativeUnit(models.Model):
    """One unit of the NCDD gazetteer: a province, district, commune or village.

    One table for all four levels, because each level is the same thing (a code, names, a type
    and a parent) and a code's prefix already names its parent. Units are never deleted: a newer
    gazetteer renames and adds, and what an onboarded district or a project points at stays.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")
        VILLAGE = "village", _("Village")

    code = models.CharField(_("NCDD code"), max_length=8, primary_key=True)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_km = models.CharField(_("name in Khmer"), max_length=100, db_index=True)
    name_latin = models.CharField(_("name in Latin letters"), max_length=100, db_index=True)
    type_km = models.CharField(_("type in Khmer"), max_length=30)
    type_en = models.CharField(_("type in English"), max_length=30)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self):
        return f"{self.code} {self.name_latin}"

    @property
    def name(self):
        return self.name_latin if translation.get_language() == "en" else self.name_km

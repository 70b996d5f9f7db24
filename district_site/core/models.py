from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from district_site.content.language import bilingual
from district_site.content.photos import PhotoFields, Slot


class DistrictProfile(PhotoFields, models.Model):
    """How citizens reach the district office: one row per district schema, shown in every
    page's footer and on the home page. Kept by the district's officers."""

    class Digits(models.TextChoices):
        # Khmer pages write dates and readable amounts with the digits the district chooses;
        # English pages always use Latin digits. Data files always use Latin digits.
        KHMER = "khmer", _("Khmer digits (០១២៣)")
        LATIN = "latin", _("Latin digits (0123)")

    office_hours_km = models.CharField(_("office hours in Khmer"), max_length=200, blank=True)
    office_hours_en = models.CharField(_("office hours in English"), max_length=200, blank=True)
    address_km = models.CharField(_("address in Khmer"), max_length=300, blank=True)
    address_en = models.CharField(_("address in English"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    map_url = models.URLField(
        _("map link"),
        blank=True,
        validators=[URLValidator(schemes=["https"])],
        help_text=_("A link to the office on a map, starting with https://"),
    )
    facebook_url = models.URLField(
        _("Facebook page"),
        blank=True,
        validators=[URLValidator(schemes=["https"])],
        help_text=_("The district's Facebook page, such as https://www.facebook.com/..."),
    )
    # The district's photo on the home page and in shared links, kept in the profile's own
    # fields (district_site.content.photos): the upload is kept only until the photo task has
    # made the resized, re-encoded copies (``photo_renditions``, width -> file name).
    photo_upload = models.FileField(upload_to="district/uploads/", blank=True)
    photo_renditions = models.JSONField(default=dict, blank=True)
    photo_width = models.PositiveIntegerField(null=True, blank=True)
    photo_height = models.PositiveIntegerField(null=True, blank=True)
    photo_description_km = models.CharField(
        _("what the photo shows, in Khmer"),
        max_length=200,
        blank=True,
        help_text=_("For readers who cannot see it, such as: The district office from the road."),
    )
    photo_description_en = models.CharField(
        _("what the photo shows, in English"), max_length=200, blank=True
    )
    digits = models.CharField(
        _("digits on Khmer pages"),
        max_length=5,
        choices=Digits.choices,
        default=Digits.KHMER,
        help_text=_("How dates and rounded amounts are written on the Khmer pages."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    photo_slot = Slot("photo_upload", "photo_renditions", "photo_width", "photo_height")

    class Meta:
        verbose_name = _("district contact details")

    def __str__(self):
        return "district profile"

    @classmethod
    def current(cls):
        return cls.objects.first() or cls()

    office_hours = bilingual("office_hours")
    address = bilingual("address")
    photo_description = bilingual("photo_description")

    def rendition_prefix(self):
        return f"district/photo-{self.upload_stem()[:12]}"

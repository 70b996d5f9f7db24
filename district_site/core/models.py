from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class DistrictProfile(models.Model):
    """How citizens reach the district office: one row per district schema, shown in every
    page's footer and on the home page. Kept by the district's officers."""

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
    # The district's photo on the home page and in shared links. As with news photos
    # (district_site.core.photos), the upload is kept only until the photo task has made the
    # resized, re-encoded copies (``photo_renditions``, width -> file name).
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
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("district contact details")

    def __str__(self):
        return "district profile"

    @classmethod
    def current(cls):
        return cls.objects.first() or cls()

    @property
    def office_hours(self):
        return self._in_language(self.office_hours_km, self.office_hours_en)

    @property
    def address(self):
        return self._in_language(self.address_km, self.address_en)

    @property
    def photo_description(self):
        return self._in_language(self.photo_description_km, self.photo_description_en)

    def _photo_sizes(self):
        return sorted((int(width), name) for width, name in self.photo_renditions.items())

    @property
    def photo_src(self):
        """A middle size for browsers that ignore srcset; empty while there is no photo."""
        sizes = self._photo_sizes()
        return default_storage.url(sizes[min(1, len(sizes) - 1)][1]) if sizes else ""

    @property
    def photo_srcset(self):
        return ", ".join(
            f"{default_storage.url(name)} {width}w" for width, name in self._photo_sizes()
        )

    def photo_share(self):
        """(name, width, height) of the largest copy, for link previews; None without a photo."""
        sizes = self._photo_sizes()
        if not sizes:
            return None
        width, name = sizes[-1]
        height = round(self.photo_height * width / self.photo_width) if self.photo_width else None
        return name, width, height

    @staticmethod
    def _in_language(km, en):
        return en if translation.get_language() == "en" and en else km

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

    @staticmethod
    def _in_language(km, en):
        return en if translation.get_language() == "en" and en else km

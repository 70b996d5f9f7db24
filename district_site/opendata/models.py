from django.db import models
from django.utils.translation import gettext_lazy as _

from .licences import DEFAULT, Licence


class OpenDataSettings(models.Model):
    """The district's choices for its open data: one row per district schema, created on first
    save. Until then the default licence applies."""

    licence = models.CharField(
        _("licence"),
        max_length=20,
        choices=Licence.choices,
        default=DEFAULT,
        help_text=_("Everyone may reuse the district's data under this licence."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=254, blank=True)

    class Meta:
        verbose_name = _("open data settings")
        verbose_name_plural = _("open data settings")

    def __str__(self):
        return self.licence

    @classmethod
    def current(cls):
        return cls.objects.first() or cls()

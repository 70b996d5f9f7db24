"""What officers learn of how their site is read: visits per page and per week, and the searches
that found nothing. Counts only: no address, no cookie, no time finer than the week, nothing
that tells one reader from another (counting.py says how they are gathered)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageVisits(models.Model):
    path = models.CharField(_("page"), max_length=300)
    # The Monday that starts the week, in the district's time zone.
    week = models.DateField(_("week"))
    count = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["path", "week"], name="visits_page_week")]
        indexes = [models.Index(fields=["week"])]
        verbose_name = _("page visits")
        verbose_name_plural = _("page visits")

    def __str__(self):
        return f"{self.path} {self.week}: {self.count}"


class FruitlessSearch(models.Model):
    """A search that found nothing, as normalised (counting.normalise_query): what citizens look
    for and the site does not say."""

    query = models.CharField(_("search"), max_length=100)
    week = models.DateField(_("week"))
    count = models.PositiveIntegerField(_("times"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query", "week"], name="visits_search_week")]
        indexes = [models.Index(fields=["week"])]
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")

    def __str__(self):
        return f"{self.query} {self.week}: {self.count}"

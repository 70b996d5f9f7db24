from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from district_site.content.language import bilingual
from district_site.content.models import Publishable, PublishableQuerySet


class PageQuerySet(PublishableQuerySet):
    def in_menu(self):
        return self.visible().filter(show_in_menu=True).order_by("menu_order", "pk")


class Page(Publishable):
    """A standing page of the district's site. Khmer is required; English is optional and the
    English site falls back to Khmer where it is missing."""

    slug = models.SlugField(_("address"), max_length=60, unique=True)
    title_km = models.CharField(_("title in Khmer"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    body_km = models.TextField(_("text in Khmer"), blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    menu_order = models.PositiveSmallIntegerField(_("position in menu"), default=0)
    show_in_menu = models.BooleanField(_("show in menu"), default=True)
    # A district's standing pages are public from the start (unlike news, drafts first).
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    # What a revision keeps (district_site.revisions); publication is recorded apart.
    REVISION_FIELDS = ["title_km", "title_en", "body_km", "body_en", "show_in_menu"]

    class Meta:
        ordering = ["menu_order", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title_km

    def get_absolute_url(self):
        # Named with the district's URL conf: this also runs on the platform's host (a new
        # district's default pages are indexed while the provincial console onboards it).
        if self.slug == "home":
            return reverse("home", urlconf=settings.ROOT_URLCONF)
        return reverse("page", args=[self.slug], urlconf=settings.ROOT_URLCONF)

    def get_manage_url(self):
        return reverse("manage:edit_page", args=[self.pk])

    title = bilingual("title")
    body = bilingual("body")

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from district_site.content.language import bilingual
from district_site.content.models import Publishable, PublishableQuerySet
from district_site.content.photos import PhotoFields, Slot


class CouncilMemberQuerySet(PublishableQuerySet):
    def current(self):
        """Members whose term has not ended: the council citizens deal with today."""
        today = timezone.localdate()
        return self.filter(models.Q(term_end__isnull=True) | models.Q(term_end__gte=today))


class CouncilMember(PhotoFields, Publishable):
    """The governor, a deputy or a council member. Khmer is required, English optional. The
    portrait is kept in the member's own fields (district_site.content.photos): resized,
    re-encoded copies (``photo_renditions``, width → file name) made by the photo task; the
    upload itself is deleted once they exist, with its camera data."""

    name_km = models.CharField(_("name in Khmer"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    role_km = models.CharField(
        _("role in Khmer"),
        max_length=120,
        help_text=_("For example: district governor, council chair, council member."),
    )
    role_en = models.CharField(_("role in English"), max_length=120, blank=True)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(
        _("term ends"), null=True, blank=True, help_text=_("Leave empty while the term goes on.")
    )
    order = models.PositiveSmallIntegerField(
        _("position on the page"),
        default=10,
        help_text=_("Smaller numbers come first: give the governor 1."),
    )
    photo_original = models.FileField(upload_to="council/uploads/", blank=True)
    photo_renditions = models.JSONField(default=dict, blank=True)
    photo_width = models.PositiveIntegerField(null=True, blank=True)
    photo_height = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = CouncilMemberQuerySet.as_manager()

    photo_slot = Slot("photo_original", "photo_renditions", "photo_width", "photo_height")

    REVISION_FIELDS = [
        "name_km",
        "name_en",
        "role_km",
        "role_en",
        "term_start",
        "term_end",
        "order",
    ]

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")

    def __str__(self):
        return self.name_km

    def get_absolute_url(self):
        return reverse("council:list", urlconf=settings.ROOT_URLCONF) + f"#member-{self.pk}"

    def get_manage_url(self):
        return reverse("council_manage:edit", args=[self.pk])

    name = bilingual("name")
    role = bilingual("role")

    def rendition_prefix(self):
        return f"council/{self.pk}/{self.upload_stem()}"

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from district_site.content.language import bilingual
from district_site.content.models import Publishable
from district_site.content.photos import Photo
from district_site.core import richtext


class NewsPost(Publishable):
    """A news item or activity report. Khmer is required, English optional (the English site
    shows the Khmer text where it is missing). A published post with a future publish date
    stays hidden until then: that is how a post is scheduled."""

    class Category(models.TextChoices):
        NEWS = "news", _("News")
        ACTIVITY = "activity", _("Activity")
        ANNOUNCEMENT = "announcement", _("Announcement")
        MEETING = "meeting", _("Council meeting")

    title_km = models.CharField(_("title in Khmer"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    body_km = models.TextField(_("text in Khmer"))
    body_en = models.TextField(_("text in English"), blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.NEWS
    )
    publish_at = models.DateTimeField(
        _("publish date"),
        default=timezone.now,
        help_text=_("Citizens see the post from this date and time, once it is published."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    REVISION_FIELDS = ["title_km", "title_en", "body_km", "body_en", "category", "publish_at"]

    class Meta:
        ordering = ["-publish_at", "-pk"]
        indexes = [models.Index(fields=["is_published", "-publish_at"])]
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")

    def __str__(self):
        return self.title_km

    def save(self, *args, **kwargs):
        # Whatever path the text came by (form, restore, shell), it is stored clean.
        self.body_km = richtext.sanitize(self.body_km)
        self.body_en = richtext.sanitize(self.body_en)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:detail", args=[self.pk], urlconf=settings.ROOT_URLCONF)

    def get_manage_url(self):
        return reverse("news_manage:edit", args=[self.pk])

    title = bilingual("title")
    body = bilingual("body")

    @property
    def is_scheduled(self):
        return self.is_published and self.publish_at > timezone.now()

    def ready_photos(self):
        return [photo for photo in self.photos.all() if photo.is_ready]


class NewsPhoto(Photo):
    """A photo of a post (district_site.content.photos)."""

    post = models.ForeignKey(NewsPost, on_delete=models.CASCADE, related_name="photos")

    class Meta(Photo.Meta):
        pass

    def __str__(self):
        return f"photo {self.pk} of post {self.post_id}"

    def rendition_prefix(self):
        return f"news/{self.post_id}/{self.pk}"

    def photo_parent(self):
        return self.post

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from district_site.content.language import bilingual, in_language
from district_site.content.models import Publishable, PublishableQuerySet
from district_site.content.photos import Photo
from district_site.core import pdfs, richtext


class ForumQuerySet(PublishableQuerySet):
    """Citizens see published forums (``visible()``), whether still to come (announced) or
    held."""

    def upcoming(self):
        return self.filter(starts_at__gt=timezone.now()).order_by("starts_at", "pk")

    def past(self):
        return self.filter(starts_at__lte=timezone.now()).order_by("-starts_at", "-pk")


class Forum(Publishable):
    """One information-sharing and consultation forum of the council. Whether it is announced
    or held follows from its date, never from a field an officer must remember to change.

    Everything an officer types is in REVISION_FIELDS, including the questions raised (a list of
    {question_km, question_en, answer_km, answer_en, answered_by}) and the minutes' file name,
    so every change is one revision that can be restored as a whole."""

    starts_at = models.DateTimeField(_("date and time"))
    venue_km = models.CharField(_("venue in Khmer"), max_length=300)
    venue_en = models.CharField(_("venue in English"), max_length=300, blank=True)
    agenda_km = models.TextField(_("agenda in Khmer"))
    agenda_en = models.TextField(_("agenda in English"), blank=True)
    women = models.PositiveIntegerField(_("women attending"), null=True, blank=True)
    men = models.PositiveIntegerField(_("men attending"), null=True, blank=True)
    questions = models.JSONField(_("questions raised"), default=list, blank=True)
    minutes = models.CharField(_("minutes (PDF)"), max_length=255, blank=True)
    minutes_size = models.PositiveIntegerField(_("minutes size in bytes"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ForumQuerySet.as_manager()

    REVISION_FIELDS = [
        "starts_at",
        "venue_km",
        "venue_en",
        "agenda_km",
        "agenda_en",
        "women",
        "men",
        "questions",
        "minutes",
        "minutes_size",
    ]

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["is_published", "starts_at"])]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self):
        local = timezone.localtime(self.starts_at) if self.starts_at else None
        return f"{local:%Y-%m-%d} {self.venue_km}" if local else self.venue_km

    def save(self, *args, **kwargs):
        # Whatever path the text came by (form, restore, shell), it is stored clean.
        self.agenda_km = richtext.sanitize(self.agenda_km)
        self.agenda_en = richtext.sanitize(self.agenda_en)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forums:detail", args=[self.pk], urlconf=settings.ROOT_URLCONF)

    def get_manage_url(self):
        return reverse("forums_manage:edit", args=[self.pk])

    @property
    def is_held(self):
        return self.starts_at <= timezone.now()

    @property
    def status(self):
        return _("Held") if self.is_held else _("Announced")

    venue = bilingual("venue")
    agenda = bilingual("agenda")

    @property
    def attendance_known(self):
        return self.women is not None or self.men is not None

    @property
    def total(self):
        return (self.women or 0) + (self.men or 0)

    @property
    def questions_in_language(self):
        """The questions and answers in the reader's language, Khmer where English is
        missing."""
        return [
            {
                "question": in_language(row.get("question_km", ""), row.get("question_en", "")),
                "answer": in_language(row.get("answer_km", ""), row.get("answer_en", "")),
                "answered_by": row.get("answered_by", ""),
            }
            for row in self.questions
        ]

    @property
    def minutes_url(self):
        return default_storage.url(self.minutes) if self.minutes else ""

    @property
    def minutes_size_display(self):
        return pdfs.size_display(self.minutes_size)

    def ready_photos(self):
        return [photo for photo in self.photos.all() if photo.is_ready]


class ForumPhoto(Photo):
    """A photo of a forum (district_site.content.photos)."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="photos")

    class Meta(Photo.Meta):
        pass

    def __str__(self):
        return f"photo {self.pk} of forum {self.forum_id}"

    def rendition_prefix(self):
        return f"forums/{self.forum_id}/{self.pk}"

    def photo_parent(self):
        return self.forum

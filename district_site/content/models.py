"""What publishable content shares: the ``is_published`` flag officers set, and ``visible()``,
the one question every citizen page, feed, sitemap, search index, snapshot and open-data
export asks ("what may citizens see?"), so none of them can answer it differently."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublishableQuerySet(models.QuerySet):
    def visible(self):
        """What citizens see: published, and, for content with a ``publish_at`` date (a
        scheduled news post), only once that date has come."""
        rows = self.filter(is_published=True)
        if _scheduled(self.model):
            rows = rows.filter(publish_at__lte=timezone.now())
        return rows


def _scheduled(model):
    return any(field.name == "publish_at" for field in model._meta.concrete_fields)


class Publishable(models.Model):
    """Content an officer publishes and withdraws. Publication itself is recorded by
    district_site.revisions (who published, when); this is only the flag citizens' pages read.
    A model whose content is scheduled adds a ``publish_at`` date field of its own."""

    is_published = models.BooleanField(_("published"), default=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

"""Index content as it is saved, in the same transaction (and so in the same schema): a page
is searchable exactly when it is published."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from district_site.feedback.models import Feedback
from district_site.pages.models import Page

from . import index


@receiver(post_save, sender=Page, dispatch_uid="search-page-saved")
def page_saved(sender, instance, **kwargs):
    index.index("page", instance)


@receiver(post_save, sender=Feedback, dispatch_uid="search-feedback-saved")
def feedback_saved(sender, instance, **kwargs):
    index.index("feedback", instance)


@receiver(post_delete, sender=Page, dispatch_uid="search-page-deleted")
@receiver(post_delete, sender=Feedback, dispatch_uid="search-feedback-deleted")
def content_deleted(sender, instance, **kwargs):
    index.remove("page" if sender is Page else "feedback", instance.pk)

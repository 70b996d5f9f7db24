"""Saving progress, photos and documents of projects. The project itself is saved through
district_site.manage.editing (revisions), like all officer-edited content. Each action is one
transaction: an update is never saved without the photos that came with it."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from district_site.core import photos
from district_site.core.signals import content_published
from district_site.core.tasks import refresh_district_snapshot
from district_site.revisions.actions import changed_what_citizens_see

from . import documents
from .models import ProgressUpdate, Project, ProjectDocument, ProjectPhoto

log = logging.getLogger(__name__)


def check_progress(project, date, percent, note_km):
    """Progress never goes down without a note saying why (a collapsed culvert, a remeasured
    road): citizens would otherwise read a silent correction as a mistake."""
    previous = project.updates.filter(date__lte=date).order_by("-date", "-pk").first()
    if previous and percent < previous.percent and not note_km.strip():
        raise ValidationError(
            {
                "note_km": _(
                    "Progress goes down from %(before)s%% to %(now)s%%. Write in Khmer why, "
                    "so citizens understand."
                )
                % {"before": previous.percent, "now": percent}
            }
        )


@transaction.atomic
def add_progress(project, *, date, percent, note_km="", note_en="", photos_by_stage=None, by):
    """Record a dated progress update with its photos ({stage: upload})."""
    check_progress(project, date, percent, note_km)
    update = ProgressUpdate.objects.create(
        project=project,
        date=date,
        percent=percent,
        note_km=note_km,
        note_en=note_en,
        reported_by=getattr(by, "email", "") or str(by),
    )
    for stage, upload in (photos_by_stage or {}).items():
        if upload:
            add_photo(update, upload, stage)
    latest = project.updates.order_by("-date", "-pk").first()
    project.progress, project.progress_updated_on = latest.percent, latest.date
    project.save(update_fields=["progress", "progress_updated_on", "updated_at"])
    transaction.on_commit(refresh_district_snapshot.delay)
    if project.is_published:
        content_published.send(sender=Project, kind="projects")
    return update


def add_photo(update, upload, stage):
    """Keep the upload (under a name of our own) and queue its resizing once committed."""
    from .tasks import process_photo

    return photos.keep_upload(ProjectPhoto(update=update, stage=stage), upload, process_photo)


def finish_photo(photo_id):
    photo = ProjectPhoto.objects.select_related("update").filter(pk=photo_id).first()
    if photo is None or photo.is_ready:
        return  # removed meanwhile, or a redelivered task
    prefix = f"projects/{photo.update.project_id}/{photo.pk}"
    renditions, (width, height) = photos.make_renditions(photo.original, prefix)
    upload = photo.original.name
    with transaction.atomic():
        ProjectPhoto.objects.filter(pk=photo.pk).update(
            renditions=renditions, width=width, height=height, original=""
        )
        # The update above bypasses save(): tell the page cache by saving the project's time.
        photo.update.project.save(update_fields=["updated_at"])
    photo.original.storage.delete(upload)
    log.info("project photo %s resized to %s", photo_id, ", ".join(renditions))


@transaction.atomic
def add_document(project, upload, *, title_km, title_en=""):
    documents.check_pdf(upload)
    document = ProjectDocument(project=project, title_km=title_km, title_en=title_en)
    content = documents.store_pdf(upload)
    document.file.save(content.name, content, save=False)
    document.size = content.size
    document.save()
    return document


@transaction.atomic
def remove_document(document):
    name, storage = document.file.name, document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


def refresh_snapshot_on_commit(sender, instance, **kwargs):
    """Receiver of ``revisions.signals.content_changed`` for projects: the platform counts them."""
    transaction.on_commit(refresh_district_snapshot.delay)


def announce_publication(sender, instance, **kwargs):
    """Receiver of ``revisions.signals.content_changed`` for projects, inside the change's
    transaction: a project published, withdrawn, or changed while published is news to the
    apps that republish it (the platform-wide open data)."""
    if changed_what_citizens_see(instance):
        content_published.send(sender=Project, kind="projects")

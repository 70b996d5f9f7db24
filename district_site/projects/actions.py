"""Saving progress, photos and documents of projects. The project itself is saved through
district_site.manage.editing (revisions), like all officer-edited content. Each action is one
transaction: an update is never saved without the photos that came with it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from district_site.content import tasks as content_tasks
from district_site.core import pdfs
from district_site.core.signals import content_published
from district_site.core.tasks import refresh_district_snapshot
from district_site.revisions import actions as revisions
from district_site.revisions.actions import changed_what_citizens_see
from tenants import outbox

from . import documents
from .models import ProgressUpdate, Project, ProjectDocument, ProjectPhoto


def check_progress(project, date, percent, note_km):
    """Progress never goes down without a note saying why (a collapsed culvert, a remeasured
    road): citizens would otherwise read a silent correction as a mistake."""
    previous = (
        project.updates.filter(is_published=True, date__lte=date).order_by("-date", "-pk").first()
    )
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
def add_progress(
    project,
    *,
    date,
    percent,
    note_km="",
    note_en="",
    photos_by_stage=None,
    actor,
    may_publish=True,
):
    """Record a dated progress update with its photos ({stage: upload}). When the project is
    on the site and the officer may not publish, the update and its photos wait, unpublished,
    for a publisher in the review queue (like any change to what citizens read)."""
    check_progress(project, date, percent, note_km)
    waits = project.is_published and not may_publish
    update = ProgressUpdate.objects.create(
        project=project,
        date=date,
        percent=percent,
        note_km=note_km,
        note_en=note_en,
        reported_by=getattr(actor, "email", "") or str(actor),
        is_published=not waits,
    )
    for stage, upload in (photos_by_stage or {}).items():
        if upload:
            add_photo(update, upload, stage)
    if waits:
        revisions.propose_new(update, actor=actor)
    else:
        refresh_progress(project)
    return update


def refresh_progress(project):
    """Copy the latest published update's figures to the project (lists and the stale check
    read them there) and tell what republishes projects."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    latest = project.updates.filter(is_published=True).order_by("-date", "-pk").first()
    if latest is not None:
        project.progress, project.progress_updated_on = latest.percent, latest.date
        project.save(update_fields=["progress", "progress_updated_on", "updated_at"])
    outbox.enqueue_coalesced(refresh_district_snapshot)
    if project.is_published:
        content_published.send(sender=Project, kind="projects")


def update_published(sender, instance, **kwargs):
    """Receiver of ``revisions.signals.content_changed`` for progress updates: one a publisher
    published from the review queue now counts as the project's progress."""
    if instance.pk is not None and instance.is_published:
        refresh_progress(instance.project)


def add_photo(update, upload, stage):
    """Keep the upload (under a name of our own) and queue its resizing once committed."""
    return content_tasks.keep_upload(ProjectPhoto(update=update, stage=stage), upload)


@transaction.atomic
def add_document(project, upload, *, title_km, title_en=""):
    pdfs.check_pdf(upload)
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


@transaction.atomic
def remove_progress_photos(project):
    """Before a project is deleted: its progress photos and their files (the console's
    ``delete`` removes the documents, which are removal buttons' parts)."""
    from district_site.content import photos

    for photo in ProjectPhoto.objects.filter(update__project=project):
        photos.delete(photo)


def refresh_snapshot_on_commit(sender, instance, **kwargs):
    """Receiver of ``revisions.signals.content_changed`` for projects: the platform counts them."""
    outbox.enqueue_coalesced(refresh_district_snapshot)


def announce_publication(sender, instance, **kwargs):
    """Receiver of ``revisions.signals.content_changed`` for projects, inside the change's
    transaction: a project published, withdrawn, or changed while published is news to the
    apps that republish it (the platform-wide open data)."""
    if changed_what_citizens_see(instance):
        content_published.send(sender=Project, kind="projects")

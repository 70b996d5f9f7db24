"""The photo task, one for every app: it runs ``photos.finish`` in the schema of the district
whose officer uploaded the photo (tenant-schemas-celery), so it finds that district's row and
files only. Actions queue it through the outbox (tenants/outbox.py) with ``queue_finish``."""

from celery import shared_task
from django.apps import apps

from tenants import outbox

from . import photos


@shared_task
def finish_photo(label, pk):
    """Resize and re-encode the photo in row ``pk`` of model ``label`` ("news.newsphoto")."""
    model = apps.get_model(label)
    if not issubclass(model, photos.Renditions):
        raise ValueError(f"{label} keeps no photo")
    return photos.finish(model, pk)


def queue_finish(photo):
    """Queue the resizing of ``photo``'s upload once the current transaction commits; while
    the broker is away the task waits in the outbox and ``photo.is_waiting`` says so."""
    outbox.enqueue(finish_photo, [photo._meta.label_lower, photo.pk], key=photos.task_key(photo))


def keep_upload(photo, upload):
    """Check ``upload``, keep it in ``photo``'s slot and queue its resizing."""
    photos.keep(photo, upload)
    queue_finish(photo)
    return photo


# Messages queued before the kit (in the outbox or the broker at the deploy) name the apps' own
# photo tasks; these names run them. A release after the kit's can remove them.
def _legacy(name, label):
    @shared_task(name=name)
    def run(pk=None):
        model = apps.get_model(label)
        pk = pk if pk is not None else model._default_manager.values_list("pk", flat=True).first()
        return photos.finish(model, pk)

    return run


for _name, _label in {
    "district_site.news.tasks.process_photo": "news.newsphoto",
    "district_site.forums.tasks.process_photo": "forums.forumphoto",
    "district_site.projects.tasks.process_photo": "projects.projectphoto",
    "district_site.council.tasks.process_member_photo": "council.councilmember",
    "district_site.core.tasks.process_district_photo": "district_core.districtprofile",
}.items():
    _legacy(_name, _label)

from celery import shared_task

from . import actions


@shared_task
def process_photo(photo_id):
    """Resize and re-encode a forum photo, in the schema of the district whose officer uploaded
    it (tenant-schemas-celery), like news photos."""
    actions.finish_photo(photo_id)

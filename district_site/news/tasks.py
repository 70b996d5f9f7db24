from celery import shared_task

from . import actions


@shared_task
def process_photo(photo_id):
    """Resize and re-encode a news photo. Runs in the schema of the district whose officer
    uploaded it (tenant-schemas-celery), so it finds that district's row and files only."""
    actions.finish_photo(photo_id)

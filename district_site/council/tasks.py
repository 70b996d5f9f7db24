from celery import shared_task

from . import actions


@shared_task
def process_member_photo(member_id):
    """Resize and re-encode a council member's photo, in the schema of the district whose
    officer uploaded it (tenant-schemas-celery)."""
    actions.finish_photo(member_id)

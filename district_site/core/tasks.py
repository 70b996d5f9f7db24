from celery import shared_task
from django.db import connection

from tenants.actions import record_snapshot

from . import contributions


@shared_task
def refresh_district_snapshot():
    """Tell the platform what this district publishes. Runs in the schema of whoever queued it
    (tenant-schemas-celery), so it counts that district's content and no other's; each app
    counts its own content in its ``snapshot.py``."""
    record_snapshot(connection.tenant, **contributions.snapshot_figures())


@shared_task
def process_district_photo():
    """Resize and re-encode the district's new photo, in the schema of the district whose
    officer uploaded it (tenant-schemas-celery)."""
    from . import actions

    actions.finish_photo()

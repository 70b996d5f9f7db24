from celery import shared_task
from django.db import connection

# The content kit is no installed app: its photo task is registered with the worker here.
from district_site.content import tasks as content_tasks  # noqa: F401
from tenants.actions import record_snapshot

from . import contributions


@shared_task
def refresh_district_snapshot():
    """Tell the platform what this district publishes. Runs in the schema of whoever queued it
    (tenant-schemas-celery), so it counts that district's content and no other's; each app
    counts its own content in its ``snapshot.py``."""
    record_snapshot(connection.tenant, contributions.snapshot_figures())

from celery import shared_task

from tenants import outbox

from . import platform


@shared_task
def rebuild_platform_open_data():
    """Refresh this district's part of the platform-wide open data, then the platform-wide files.
    Runs in the schema of the district that queued it (tenant-schemas-celery)."""
    platform.write_district_part()
    platform.assemble()


def schedule_rebuild(sender=None, **kwargs):
    """Receiver of ``district_site.core.signals.content_published``: rebuild once the
    publication is committed, so the task reads what was published."""
    outbox.enqueue_coalesced(rebuild_platform_open_data)

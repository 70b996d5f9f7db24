"""Background work of the tenancy layer: nightly backups; officers' invitations (the task
lives with the e-mail in invitations.py, imported here so that workers register it).

Beat wakes ``dispatch_nightly_backups`` every few minutes through the nightly window
(CELERY_BEAT_SCHEDULE); each wake-up queues the districts whose moment in the window has come
(``backups.due_backups``), so backups run one after another through the night, never all at
once. A failed backup is recorded as failed and tried again later, with growing pauses.
"""

import logging

from celery import shared_task
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from . import backups, outbox
from .invitations import deliver_invitation  # noqa: F401 (registered with the worker)
from .models import District

logger = logging.getLogger(__name__)

# A backup that failed (S3 or the database briefly away) is tried again after about 5, 10 and 20
# minutes; each attempt has its own DistrictBackup row.
RETRY = {
    "autoretry_for": (backups.BackupError,),
    "retry_backoff": 300,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 3,
}


@shared_task(**RETRY)
def backup_district(district_id):
    """Back up one district, then apply the retention to its backups."""
    with schema_context(get_public_schema_name()):
        district = District.objects.get(pk=district_id)
    record = backups.backup_district(district)
    _prune(district)
    return record.name


@shared_task(**RETRY)
def backup_platform():
    """Back up the platform's public schema and media, then apply the retention."""
    record = backups.backup_platform()
    _prune(District.platform())
    return record.name


@shared_task
def dispatch_nightly_backups():
    """Queue the backups due in this dispatch interval, each at its own moment."""
    due = backups.due_backups(timezone.now())
    for district, countdown in due:
        if district.is_platform:
            backup_platform.apply_async(countdown=countdown)
        else:
            backup_district.apply_async((district.pk,), countdown=countdown)
    return len(due)


def _prune(district):
    # The backup is complete and recorded: a retention failure must not trigger a retry that
    # would take another one. The next night prunes again.
    try:
        backups.prune_backups(district)
    except Exception:
        logger.exception("could not prune the backups of %s", district.schema_name)


@shared_task
def relay_outbox():
    """Send the tasks that waited in the outbox (beat, every minute)."""
    sent, waiting = outbox.relay()
    if sent or waiting:
        logger.info("outbox: %s sent, %s waiting", sent, waiting)
    return sent

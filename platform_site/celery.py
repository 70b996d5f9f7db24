"""The Celery app. tenant-schemas-celery's CeleryApp stamps each task with the schema of
whoever queued it and switches the worker's connection to that schema before running it; a
plain ``Celery()`` would run every task in the public schema.

Every task is written to survive what workers meet (docs/operations.md, "When a part fails"):
- acknowledged after it ran (``task_acks_late``) and given back to the queue when its worker
  process dies under it (``task_reject_on_worker_lost``), so a task killed mid-way runs again;
  each task is idempotent, so running again finishes the work once;
- a task that raises is tried again after growing, jittered pauses, TASK_MAX_RETRIES times;
  after the last, it is written to the dead letters (``tenants.DeadLetter``) that an operator
  lists and sends again with ``manage.py dead_letters``, and is not retried forever;
- a worker that starts sends what waited in the outbox while the broker was away.
"""

import logging
import os
import traceback

from celery.exceptions import Retry
from celery.signals import worker_ready
from celery.utils.time import get_exponential_backoff_interval
from tenant_schemas_celery.app import CeleryApp
from tenant_schemas_celery.task import TenantTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_site.settings")

logger = logging.getLogger(__name__)


class SrokTask(TenantTask):
    abstract = True

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except Retry:
            raise
        except Exception as exc:
            if self.request.is_eager or self.request.called_directly:
                raise  # in process: the caller sees the error, as before
            self._retry_or_bury(exc, args, kwargs)
            raise

    def _retry_or_bury(self, exc, args, kwargs):
        from django.conf import settings

        retries = self.request.retries
        if getattr(self, "autoretry_for", None):
            # The task retries by its own rules (e.g. backups); bury it after its last try.
            limit = self.max_retries if self.max_retries is not None else 0
            if retries >= limit:
                _bury(self, exc, args, kwargs)
            return
        if retries >= settings.TASK_MAX_RETRIES:
            _bury(self, exc, args, kwargs)
            return
        countdown = get_exponential_backoff_interval(
            factor=settings.TASK_RETRY_BACKOFF,
            retries=retries,
            maximum=settings.TASK_RETRY_BACKOFF_MAX,
            full_jitter=True,
        )
        raise self.retry(exc=exc, countdown=countdown, max_retries=settings.TASK_MAX_RETRIES)


def _bury(task, exc, args, kwargs):
    from django.db import connection

    from tenants.models import DeadLetter

    logger.error("%s failed after %s retries: %r", task.name, task.request.retries, exc)
    try:
        DeadLetter.objects.create(
            schema_name=connection.schema_name,
            task=task.name,
            task_id=task.request.id or "",
            args=list(args),
            kwargs=dict(kwargs),
            retries=task.request.retries,
            error=repr(exc)[:500],
            traceback="".join(traceback.format_exception(exc))[-20_000:],
        )
    except Exception:  # the database may be what failed: the log line above remains
        logger.exception("could not record the dead letter of %s", task.name)


app = CeleryApp("srok", task_cls=SrokTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def relay_outbox_on_start(**kwargs):
    from tenants import outbox

    try:
        outbox.relay()
    except Exception:  # a worker still starts; beat relays again within a minute
        logger.exception("could not relay the outbox at start")

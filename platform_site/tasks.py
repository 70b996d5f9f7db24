"""Background work of the platform as a whole: beat's heartbeat, and counting task failures.

The heartbeat is what ``/healthz/platform`` reads to tell that beat is alive: beat queues it every
SROK_HEARTBEAT_SECONDS, a worker runs it, and it stamps the shared cache. A dead beat (or no
worker at all) lets the stamp grow old.
"""

import logging
import time

from celery import shared_task
from celery.signals import task_failure
from django.conf import settings
from django.core.cache import caches

from .health import HEARTBEAT_KEY
from .metrics import TASK_FAILURES_KEY, broker_redis

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def heartbeat():
    caches["platform"].set(HEARTBEAT_KEY, time.time(), 10 * settings.SROK_HEARTBEAT_SECONDS)


@task_failure.connect
def count_failure(sender=None, **kwargs):
    """Count a failed task in Redis, where /metrics reads it whichever host the worker is on."""
    try:
        client = broker_redis()
        if client is not None:
            client.hincrby(TASK_FAILURES_KEY, getattr(sender, "name", "unknown"), 1)
    except Exception:  # counting must never add a failure of its own
        logger.warning("could not count the failure of %s", sender, exc_info=True)

"""A transactional outbox: background tasks that a change needs are written in the change's own
transaction, and sent to the broker once it commits.

Sending a task straight from ``transaction.on_commit`` loses it when the broker is down at that
moment (a citizen's feedback is saved, its officers are never told). Here the task is a row of
``OutboxMessage``, committed with the feedback, the publication or the upload, or not at all.
After the commit the same process sends it at once when the broker answers; when it does not,
the row waits, and the relay sends it when the broker is back: the ``relay_outbox`` beat task
every minute, each worker as it starts, and ``manage.py relay_outbox`` for an operator.

Each message is claimed (``SELECT ... FOR UPDATE SKIP LOCKED``), sent and marked sent in one
transaction, so two relays never send the same one. Its task id is derived from the message,
and every task it carries is idempotent (a photo already resized is left alone, a snapshot or an
open-data rebuild reads the current state): the one case left, a process that dies between the
broker accepting the message and the database committing "sent", repeats harmless work.

A ``key`` names the change: while a message with that key waits, another is not added (two
publications in one transaction need one rebuild, not two).
"""

import logging
import uuid

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from .models import OutboxMessage
from .resilience import breaker_for

logger = logging.getLogger(__name__)

BATCH = 100
# Sent messages are kept this long, for an operator asking "was it sent?".
KEEP_SENT_DAYS = 7
_TASK_ID_NAMESPACE = uuid.UUID("5b0f5c3e-9a4f-4c55-8a43-6f1b3f6a2d17")


def _breaker():
    return breaker_for("Celery broker", settings.BROKER_RETRY_SECONDS)


def enqueue(task, args=(), kwargs=None, *, key=None):
    """Write ``task(*args, **kwargs)`` to the outbox in the current transaction, to be run in the
    current schema; it is sent once the transaction commits."""
    key = key or f"{connection.schema_name}:{task.name}:{uuid.uuid4().hex}"
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                schema_name=connection.schema_name,
                task=task.name,
                args=list(args),
                kwargs=kwargs or {},
                key=key,
            )
        ],
        ignore_conflicts=True,
    )
    transaction.on_commit(lambda: send_now(key))
    return key


def enqueue_coalesced(task):
    """Enqueue an argument-less ``task`` of the current district once per change, however many
    changes of one transaction (or of the time the broker is away) ask for it."""
    return enqueue(task, key=f"{connection.schema_name}:{task.name}")


def is_pending(key):
    """Whether a message for ``key`` is still waiting for the broker."""
    return OutboxMessage.objects.filter(key=key, sent_at__isnull=True).exists()


def send_now(key):
    """After a commit: send the waiting message for ``key``, unless the broker failed moments
    ago (then the relay will). A send that ends an outage also relays what waited."""
    breaker = _breaker()
    if not breaker.allow():
        return
    sent, failed = _relay(OutboxMessage.objects.filter(key=key))
    if failed:
        return
    if breaker.succeeded():
        relay()


def relay():
    """Send every waiting message, oldest first; stop at the first the broker refuses. Returns
    (sent, still waiting)."""
    total = 0
    while True:
        sent, failed = _relay(OutboxMessage.objects.all())
        total += sent
        if failed or sent < BATCH:
            break
    if not failed:
        _breaker().succeeded()
    waiting = OutboxMessage.objects.filter(sent_at__isnull=True).count()
    OutboxMessage.objects.filter(
        sent_at__lt=timezone.now() - timezone.timedelta(days=KEEP_SENT_DAYS)
    ).delete()
    return total, waiting


def _relay(messages):
    """Claim up to BATCH waiting ``messages``, send them, mark those sent; (sent, failed)."""
    sent = []
    failed = False
    with transaction.atomic():
        batch = list(
            messages.filter(sent_at__isnull=True)
            .select_for_update(skip_locked=True)
            .order_by("pk")[:BATCH]
        )
        if not batch:
            return 0, False
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # In-process tasks (development): mark them first, then run them after the commit,
            # as the original on_commit call did, letting their errors surface.
            OutboxMessage.objects.filter(pk__in=[m.pk for m in batch]).update(
                sent_at=timezone.now(), attempts=1
            )
            transaction.on_commit(lambda: [_run_in_process(m) for m in batch])
            return len(batch), False
        app = current_app
        try:
            with app.connection_for_write() as broker:
                for message in batch:
                    _publish(app, broker, message)
                    sent.append(message.pk)
        except Exception as exc:  # whatever the broker raised, the message waits
            failed = True
            _breaker().failed(exc)
            waiting = next(m for m in batch if m.pk not in sent)
            OutboxMessage.objects.filter(pk=waiting.pk).update(
                attempts=waiting.attempts + 1, last_error=repr(exc)[:500]
            )
        OutboxMessage.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    return len(sent), failed


def _publish(app, broker, message):
    app.send_task(
        message.task,
        args=message.args,
        kwargs=message.kwargs,
        task_id=str(uuid.uuid5(_TASK_ID_NAMESPACE, f"{message.pk}:{message.key}")),
        headers={"_schema_name": message.schema_name},
        connection=broker,
        retry=False,
        ignore_result=True,
    )


def _run_in_process(message):
    task = current_app.tasks[message.task]
    if connection.schema_name == message.schema_name:
        # Still in the request's district (its tenant, not a stand-in), as tasks expect.
        task.apply_async(message.args, message.kwargs)
        return
    with schema_context(message.schema_name):
        task.apply_async(message.args, message.kwargs)

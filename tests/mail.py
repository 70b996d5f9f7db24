"""An e-mail backend for tests that asks who sent each message: Django's in-memory backend,
with the name of the thread that sent it. The run's Celery worker runs in threads of its own,
so a message sent in the request's thread was not sent by the worker."""

import threading

from django.core.mail.backends import locmem


class ThreadRecordingBackend(locmem.EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            message.sent_in = threading.current_thread().name
        return super().send_messages(messages)

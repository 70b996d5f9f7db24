"""The deployment as a whole: settings, public-schema URLs, WSGI/ASGI, the Celery app, and the
platform's own pages (``directory``, ``console``).

Importing the Celery app here makes ``@shared_task`` bind to it whenever Django starts.
"""

from .celery import app as celery_app

__all__ = ["celery_app"]

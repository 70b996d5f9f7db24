"""The Celery app. tenant-schemas-celery's CeleryApp stamps each task with the schema of
whoever queued it and switches the worker's connection to that schema before running it; a
plain ``Celery()`` would run every task in the public schema.
"""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_site.settings")

app = CeleryApp("srok")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("srok")


class PlatformSiteConfig(AppConfig):
    name = "platform_site"
    verbose_name = "Srok platform"

    def ready(self):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            logger.info("CELERY_BROKER_URL is not set: background tasks run in process (eager).")

from celery import shared_task
from django.db import connection
from django.db.models import Max

from district_site.feedback import stats as feedback_stats
from district_site.pages.models import Page
from tenants.actions import record_snapshot


@shared_task
def refresh_district_snapshot():
    """Tell the platform what this district publishes. Runs in the schema of whoever queued it
    (tenant-schemas-celery), so it counts that district's content and no other's."""
    published = Page.objects.published()
    waiting, oldest = feedback_stats.waiting()
    record_snapshot(
        connection.tenant,
        pages_published=published.count(),
        content_updated_at=published.aggregate(latest=Max("updated_at"))["latest"],
        feedback_waiting=waiting,
        feedback_oldest_waiting_since=oldest,
        feedback_median_answer_hours=feedback_stats.median_answer_hours(),
    )

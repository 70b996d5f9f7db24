"""The province's view of who publishes what, read from the snapshot rows each district's side
keeps current (tenants.DistrictSnapshot), never by visiting every schema on a request: one query
for every district, their keyed figures read back as the apps' ``snapshot.py`` declare them."""

from datetime import UTC, datetime

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from district_site.core import contributions
from tenants.models import District, DistrictBackup

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)

SCORECARD_COLUMNS = [
    ("code", _("Code")),
    ("name", _("District")),
    ("province", _("Province")),
    ("status", _("Status")),
    ("domain", _("Domain")),
    ("pages_published", _("Pages published")),
    ("content_updated_at", _("Last update")),
    ("feedback_waiting", _("Feedback waiting")),
    ("feedback_oldest_waiting_since", _("Oldest waiting since")),
    ("feedback_median_answer_hours", _("Median hours to answer")),
    ("budget_year", _("Latest budget published")),
    ("budget_published_at", _("Budget published on")),
    ("news_published", _("News posts")),
    ("news_latest_at", _("Latest news")),
    ("projects_published", _("Projects")),
    ("projects_stale", _("Projects not updated for 120 days")),
    ("documents_published", _("Documents")),
    ("forum_last_held_on", _("Last forum")),
    ("forum_next_on", _("Next forum")),
    ("last_backup", _("Last complete backup")),
    ("backup_failed_at", _("Backup failed since")),
]


# The columns read from the district's snapshot figures (None when it has none yet).
SNAPSHOT_FIELDS = [
    key
    for key, _label in SCORECARD_COLUMNS
    if key
    not in ("code", "name", "province", "status", "domain", "last_backup", "backup_failed_at")
]


def scorecard_rows(sort="code"):
    last_backup = (
        DistrictBackup.objects.filter(
            district=OuterRef("pk"), status=DistrictBackup.Status.COMPLETE
        )
        .order_by("-finished_at")
        .values("finished_at")[:1]
    )
    # A failure newer than the last complete backup is what a province must act on; an old
    # failure that a later backup made good is not.
    failed_since = (
        DistrictBackup.objects.filter(
            district=OuterRef("pk"),
            status=DistrictBackup.Status.FAILED,
            started_at__gt=Coalesce(OuterRef("last_backup"), Value(EPOCH)),
        )
        .order_by("started_at")
        .values("started_at")[:1]
    )
    districts = (
        District.objects.select_related("snapshot")
        .prefetch_related("domains")
        .annotate(last_backup=Subquery(last_backup))
        .annotate(backup_failed_at=Subquery(failed_since))
    )
    kinds = contributions.snapshot_kinds()
    rows = []
    for district in districts:
        snapshot = getattr(district, "snapshot", None)
        figures = snapshot.read(kinds) if snapshot is not None else {}
        rows.append(
            {
                "code": district.code,
                "name": district.name,
                "province": district.province_name,
                "status": district.get_status_display(),
                "domain": district.primary_domain,
                **{field: figures.get(field) for field in SNAPSHOT_FIELDS},
                "last_backup": district.last_backup,
                "backup_failed_at": district.backup_failed_at,
            }
        )
    key = sort.lstrip("-")
    if key in dict(SCORECARD_COLUMNS):
        # Missing figures sort last whichever way: a district that never published is news.
        present = [r for r in rows if r[key] is not None]
        missing = [r for r in rows if r[key] is None]
        rows = sorted(present, key=lambda r: r[key], reverse=sort.startswith("-")) + missing
    return rows

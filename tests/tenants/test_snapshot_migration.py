"""tenants 0009 moves DistrictSnapshot's per-app columns into keyed figures and back, losing
nothing: every recorded count, date and time survives both ways."""

from datetime import UTC, date, datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("tenants", "0008_merge_outbox_and_rate_counters")]
AFTER = [("tenants", "0009_snapshot_figures_keyed")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_snapshot_columns_move_into_keyed_figures_and_back(make_district):
    district = make_district()
    try:
        old_apps = _migrate(BEFORE)
        OldSnapshot = old_apps.get_model("tenants", "DistrictSnapshot")
        OldSnapshot.objects.update_or_create(
            district_id=district.pk,
            defaults={
                "pages_published": 4,
                "content_updated_at": datetime(2026, 11, 30, 8, 15, tzinfo=UTC),
                "feedback_median_answer_hours": 2.5,
                "budget_year": 2026,
                "forum_next_on": date(2026, 12, 20),
            },
        )

        new_apps = _migrate(AFTER)
        figures = (
            new_apps.get_model("tenants", "DistrictSnapshot")
            .objects.get(district_id=district.pk)
            .figures
        )
        assert figures["pages_published"] == 4
        assert figures["content_updated_at"] == "2026-11-30T08:15:00Z"
        assert figures["feedback_median_answer_hours"] == 2.5
        assert figures["budget_year"] == 2026
        assert figures["forum_next_on"] == "2026-12-20"
        assert figures["news_latest_at"] is None and len(figures) == 14

        old_apps = _migrate(BEFORE)
        back = old_apps.get_model("tenants", "DistrictSnapshot").objects.get(
            district_id=district.pk
        )
        assert back.pages_published == 4 and back.budget_year == 2026
        assert back.content_updated_at == datetime(2026, 11, 30, 8, 15, tzinfo=UTC)
        assert back.forum_next_on == date(2026, 12, 20)
        assert back.feedback_median_answer_hours == 2.5
    finally:
        _migrate(AFTER)

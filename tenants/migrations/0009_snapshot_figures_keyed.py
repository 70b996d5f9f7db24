"""DistrictSnapshot's per-app columns become keyed figures in one JSON column, so an app adds a
figure without a tenants migration. Every recorded value moves over under its column's name
(the key its app's snapshot.py declares), and back on reversal."""

import django.core.serializers.json
from django.db import migrations, models

# The columns as 0006 left them: (name, default when moved back and absent).
COLUMNS = [
    ("pages_published", 0),
    ("content_updated_at", None),
    ("feedback_waiting", 0),
    ("feedback_oldest_waiting_since", None),
    ("feedback_median_answer_hours", None),
    ("budget_year", None),
    ("budget_published_at", None),
    ("news_published", 0),
    ("news_latest_at", None),
    ("projects_published", 0),
    ("projects_stale", 0),
    ("documents_published", 0),
    ("forum_last_held_on", None),
    ("forum_next_on", None),
]


def columns_into_figures(apps, schema_editor):
    DistrictSnapshot = apps.get_model("tenants", "DistrictSnapshot")
    for snapshot in DistrictSnapshot.objects.all():
        # The field's DjangoJSONEncoder writes dates and times as ISO text.
        snapshot.figures = {name: getattr(snapshot, name) for name, _default in COLUMNS}
        snapshot.save(update_fields=["figures"])


def figures_into_columns(apps, schema_editor):
    import datetime

    DistrictSnapshot = apps.get_model("tenants", "DistrictSnapshot")
    for snapshot in DistrictSnapshot.objects.all():
        for name, default in COLUMNS:
            value = snapshot.figures.get(name, default)
            field = DistrictSnapshot._meta.get_field(name)
            if value is not None and isinstance(field, models.DateTimeField):
                value = datetime.datetime.fromisoformat(value)
            elif value is not None and isinstance(field, models.DateField):
                value = datetime.date.fromisoformat(value)
            setattr(snapshot, name, value)
        snapshot.save(update_fields=[name for name, _default in COLUMNS])


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0008_merge_outbox_and_rate_counters"),
    ]

    operations = [
        migrations.AddField(
            model_name="districtsnapshot",
            name="figures",
            field=models.JSONField(
                default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder
            ),
        ),
        migrations.RunPython(columns_into_figures, figures_into_columns),
        *[
            migrations.RemoveField(model_name="districtsnapshot", name=name)
            for name, _default in COLUMNS
        ],
    ]

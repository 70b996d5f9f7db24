from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("migration_probe", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="probe", name="note", field=models.CharField(default="", max_length=20)
        ),
        # A migration that takes a moment in each schema, as real ones do: the test that stops
        # a run midway must find schemas still to do when it reads the first one done (twelve
        # empty schemas migrated one after another in well under a second on a fast machine).
        migrations.RunSQL("SELECT pg_sleep(0.3)", migrations.RunSQL.noop),
    ]

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pages", "__latest__")]
    # A column added to a district table, as a typical release's migration does. Raw SQL, so
    # the pages app's own migrations stay untouched; the router runs it in district schemas only.
    operations = [
        migrations.RunSQL(
            "ALTER TABLE pages_page ADD COLUMN bench_probe varchar(20) NOT NULL DEFAULT ''",
            "ALTER TABLE pages_page DROP COLUMN bench_probe",
        )
    ]

from django.db import migrations


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False
    dependencies = [("migration_probe", "0002_probe_note")]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS probe_note ON migration_probe_probe (note)",
            "DROP INDEX IF EXISTS probe_note",
        ),
    ]

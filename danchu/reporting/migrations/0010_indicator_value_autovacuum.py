# Each refresh deletes and inserts a few thousand rows of a table of millions, scattered over its
# pages; every page written loses its all-visible mark, and until the table is vacuumed the dashboards'
# index-only scans read those pages from the heap (the key figures' statement: 6 ms vacuumed, 15–17 ms
# not, at national scale). PostgreSQL's default waits for 20% of the rows to change (1.6 million of 8
# million, weeks of hourly refreshes); 1% brings autovacuum after a few hours of them.

from django.db import migrations

TABLE = "reporting_indicatorvalue"
OPTIONS = (
    "autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01, "
    "autovacuum_analyze_scale_factor = 0.02"
)
NAMES = "autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET ({OPTIONS})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET ({NAMES})")


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0009_indicator_value_pending'),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]

# The country's figures (the national steering committee's dashboard, the public figures page with no
# province chosen) sum the commune-grain rows of every province: no lookup index starts with what
# they filter on (the indicator and the period, at the commune grain), so PostgreSQL read the whole
# roll-up table — 1.1 s for the public page's key figures at national scale (8 million rows). This
# index holds only the commune-grain rows (about one row in thirty; 100 MB of the bench's 8 million),
# and on PostgreSQL it carries the columns those reads use, so they are index-only scans (56 ms).
# SQLite has no INCLUDE: there it is the same partial index without them.

from django.db import migrations

TABLE = "reporting_indicatorvalue"
NAME = "reporting_iv_country"


def forwards(apps, schema_editor):
    include = ""
    if schema_editor.connection.vendor == "postgresql":
        include = " INCLUDE (period_end, period_type, breakdown, pending, province_id, commune_id, place_id, value)"
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON {TABLE} (indicator, period_start){include} WHERE grain = 'commune'"
    )


def backwards(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0010_indicator_value_autovacuum'),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]

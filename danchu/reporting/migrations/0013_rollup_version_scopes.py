# One roll-ups version per scope (RollupVersion.scope): "" changes with every write (the country's
# figures), a province's path with a write within it, "*" with a write whose provinces are not known,
# "catalogue" with the catalogue kept in the database. The existing row becomes "". Migration 0012
# created it with an explicit id: the id sequence (PostgreSQL) is moved past it, so that the rows
# created now (a province's first write) take new ids.

from django.core.management.color import no_style
from django.db import migrations, models


def sequence_past_the_first_row(apps, schema_editor):
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [apps.get_model("reporting", "RollupVersion")]):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("reporting", "0012_rollup_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="rollupversion",
            name="scope",
            field=models.CharField(default="", max_length=255, unique=True),
        ),
        migrations.RunPython(sequence_past_the_first_row, migrations.RunPython.noop),
    ]

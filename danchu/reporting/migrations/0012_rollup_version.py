# The token that changes with every write to the roll-ups (RollupVersion): what a process read from
# them is kept under it (core.sqlmemo), so that a dashboard opened again between two refreshes does
# not read the same rows again, and one opened after a refresh does.

import secrets

from django.db import migrations, models


def first_token(apps, schema_editor):
    apps.get_model("reporting", "RollupVersion").objects.using(schema_editor.connection.alias).create(
        pk=1, token=secrets.randbits(62)
    )


class Migration(migrations.Migration):

    dependencies = [
        ("reporting", "0011_country_reads_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="RollupVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(first_token, migrations.RunPython.noop),
    ]

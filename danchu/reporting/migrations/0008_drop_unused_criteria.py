"""Reporting's new-rural criteria tables were never used: newrural owns the criteria sets (issue #8)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0007_history_upload"),
    ]

    operations = [
        migrations.DeleteModel(name="Criterion"),
        migrations.DeleteModel(name="CriteriaSet"),
    ]

"""The new-rural figures units typed under reporting's codes are this module's own typed computed
indicators (issue #15: one code per figure, records win where they exist): every stored row is renamed."""

from __future__ import annotations

from typing import Any

from django.db import migrations

CODES = {
    "ntm.criteria_met": "newrural.criteria_met",
    "ntm.recognised": "newrural.standard",
}


def rename(apps: Any, schema_editor: Any) -> None:
    from danchu.reporting.migrating import rename_codes

    rename_codes(apps, CODES)


def back(apps: Any, schema_editor: Any) -> None:
    from danchu.reporting.migrating import rename_codes

    # Back to the old codes; rows left out because records exist come back at the next refresh.
    rename_codes(apps, {new: old for old, new in CODES.items()})


class Migration(migrations.Migration):
    dependencies = [("newrural", "0002_criteria_sets"), ("reporting", "0007_history_upload")]

    operations = [migrations.RunPython(rename, back)]

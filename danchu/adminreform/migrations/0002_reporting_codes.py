"""The one-stop figures units typed under reporting's codes are this module's own typed computed
indicators (issue #15: one code per figure, records win where they exist): every stored row is renamed."""

from __future__ import annotations

from typing import Any

from django.db import migrations

CODES = {
    "onestop.received": "adminreform.received",
    "onestop.resolved": "adminreform.resolved",
    "onestop.resolved_on_time": "adminreform.resolved_on_time",
    "onestop.resolved_rate": "adminreform.resolved_rate",
    "onestop.on_time_rate": "adminreform.on_time_rate",
    "onestop.online_services": "adminreform.online_services",
    "onestop.offers_online": "adminreform.communes_online",
}


def rename(apps: Any, schema_editor: Any) -> None:
    from danchu.reporting.migrating import rename_codes

    rename_codes(apps, CODES)


def back(apps: Any, schema_editor: Any) -> None:
    from danchu.reporting.migrating import rename_codes

    # Back to the old codes; rows left out because records exist come back at the next refresh.
    rename_codes(apps, {new: old for old, new in CODES.items()})


class Migration(migrations.Migration):
    dependencies = [("adminreform", "0001_initial"), ("reporting", "0007_history_upload")]

    operations = [migrations.RunPython(rename, back)]

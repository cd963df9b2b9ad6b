"""The national criteria sets (2016–2020, 2021–2025 and the 2026–2030 slot), from newrural/criteria.py."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from danchu.newrural.criteria import install_sets

    install_sets(apps.get_model("newrural", "CriteriaSet"), apps.get_model("newrural", "Criterion"))


class Migration(migrations.Migration):
    dependencies = [("newrural", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

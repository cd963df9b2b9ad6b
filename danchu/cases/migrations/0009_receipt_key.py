"""Every case gets a receipt key (receipts.py): the tracking code stops being the key to its content.

Cases filed before get a fresh key each — nobody holds it yet; it reaches their submitter with the
next message about the case (the link carries it), or the signed-in submitter reads the case without
it. A default given to AddField is computed once for every row, so the column is added empty and
filled row by row, then given its default for new cases."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

import danchu.cases.receipts

BATCH = 1000


def fill(apps: Any, schema_editor: Any) -> None:
    Case = apps.get_model("cases", "Case")
    pks = list(Case.objects.filter(receipt_key_sealed="").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        rows = [
            Case(pk=pk, receipt_key_sealed=danchu.cases.receipts.new_sealed_key())
            for pk in pks[start : start + BATCH]
        ]
        Case.objects.bulk_update(rows, ["receipt_key_sealed"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_submitter_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="receipt_key_sealed",
            field=models.TextField(default="", editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="case",
            name="receipt_key_sealed",
            field=models.TextField(default=danchu.cases.receipts.new_sealed_key, editable=False),
        ),
    ]

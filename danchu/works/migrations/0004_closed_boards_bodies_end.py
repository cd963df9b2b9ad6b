"""A closed board's body ends on the day the board closed (services.board_close records it so since):
meetings counts and offers the commune's supervision boards in force when a village's election is
recognised, and a board that finished its task must not be among them."""

from __future__ import annotations

from django.db import migrations


def end_bodies(apps, schema_editor):  # type: ignore[no-untyped-def]
    board = apps.get_model("works", "Board")
    body = apps.get_model("accounts", "Body")
    for b in board.objects.filter(status="closed", closed_on__isnull=False).only("body_id", "closed_on"):
        body.objects.filter(pk=b.body_id, valid_to__isnull=True).update(valid_to=b.closed_on)


class Migration(migrations.Migration):
    dependencies = [("works", "0003_information_tracking_code"), ("accounts", "0006_phonecode_claim")]

    operations = [migrations.RunPython(end_bodies, migrations.RunPython.noop)]

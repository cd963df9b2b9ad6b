"""A case's phone as one number (+84…) however it was typed: staff search a case by the number's last
nine digits, which "0912 345 678" as typed did not end with. Intake stores it so since; this brings the
cases filed before. What is no phone number stays as written. (A denouncer's phone is in the sealed
vault and stays as it was sealed.)"""

from __future__ import annotations

from django.db import migrations


def normalise(apps, schema_editor):  # type: ignore[no-untyped-def]
    from danchu.accounts.phones import normalize_phone

    case = apps.get_model("cases", "Case")
    batch = []
    for c in case.objects.exclude(submitter_phone="").only("id", "submitter_phone").iterator(chunk_size=500):
        one = normalize_phone(c.submitter_phone)
        if one and one != c.submitter_phone:
            c.submitter_phone = one
            batch.append(c)
        if len(batch) == 500:
            case.objects.bulk_update(batch, ["submitter_phone"])
            batch = []
    if batch:
        case.objects.bulk_update(batch, ["submitter_phone"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_clocks_and_authority")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]

"""Re-fold the search index: thousands separators are dropped now ("4.956" is indexed as "4956"), so
that a number is found with or without them. PostgreSQL's tsvector column and SQLite's FTS table
follow the folded columns (generated column, triggers)."""

from __future__ import annotations

from django.db import migrations


def refold(apps, schema_editor):  # type: ignore[no-untyped-def]
    from danchu.disclosures.search import fold_for_index

    entry = apps.get_model("disclosures", "SearchEntry")
    batch = []
    for e in entry.objects.only("id", "title", "body").iterator(chunk_size=500):
        e.title_folded = fold_for_index(e.title)[:300]
        e.body_folded = fold_for_index(e.body)
        batch.append(e)
        if len(batch) == 500:
            entry.objects.bulk_update(batch, ["title_folded", "body_folded"])
            batch = []
    if batch:
        entry.objects.bulk_update(batch, ["title_folded", "body_folded"])


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0005_random_file_names")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]

"""PostgreSQL: keep the tsvector in a stored generated column (title weighted A, body B) with a GIN
index, so ranking reads it instead of recomputing to_tsvector for every matching row. SQLite: nothing."""

from __future__ import annotations

from django.db import migrations

PG_UP = [
    """ALTER TABLE disclosures_searchentry ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_folded), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_folded), 'B')) STORED""",
    "CREATE INDEX IF NOT EXISTS disclosures_search_tsv_col ON disclosures_searchentry USING GIN (tsv)",
    "DROP INDEX IF EXISTS disclosures_search_tsv",
]
PG_DOWN = [
    """CREATE INDEX IF NOT EXISTS disclosures_search_tsv ON disclosures_searchentry
       USING GIN (to_tsvector('simple'::regconfig, title_folded || ' ' || body_folded))""",
    "DROP INDEX IF EXISTS disclosures_search_tsv_col",
    "ALTER TABLE disclosures_searchentry DROP COLUMN IF EXISTS tsv",
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0002_search_engines")]

    operations = [migrations.RunPython(_run(PG_UP), _run(PG_DOWN))]

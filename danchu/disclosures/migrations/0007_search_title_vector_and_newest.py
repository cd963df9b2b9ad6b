"""PostgreSQL: a GIN index on the title's own vector, so the items with every word of the query in
their title are found without reading the others, and a btree on (date DESC NULLS LAST, id DESC), the
order of a search with more than 1,000 matches, so it is read in index order and stops at the page's
end (search.py, RANKING). SQLite: nothing (FTS5 answers both)."""

from __future__ import annotations

from django.db import migrations

PG_UP = [
    """CREATE INDEX IF NOT EXISTS disclosures_search_title_tsv ON disclosures_searchentry
       USING GIN (to_tsvector('simple'::regconfig, title_folded::text))""",
    """CREATE INDEX IF NOT EXISTS disclosures_search_newest ON disclosures_searchentry
       (date DESC NULLS LAST, id DESC)""",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS disclosures_search_newest",
    "DROP INDEX IF EXISTS disclosures_search_title_tsv",
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0006_refold_numbers")]

    operations = [migrations.RunPython(_run(PG_UP), _run(PG_DOWN))]

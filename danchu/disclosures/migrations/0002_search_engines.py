"""Full-text search structures, per database vendor (danchu/disclosures/search.py uses them).

SQLite: an FTS5 virtual table on the folded text, external content = disclosures_searchentry,
kept in sync by triggers on every insert, update and delete of a search entry.
PostgreSQL: a GIN index on to_tsvector('simple', folded title || folded body); 'simple' because
the text is already folded (no Vietnamese stemmer exists; syllables are the words).
"""

from __future__ import annotations

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS disclosures_fts USING fts5(
        title_folded, body_folded, content='disclosures_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS disclosures_fts_ai AFTER INSERT ON disclosures_searchentry BEGIN
        INSERT INTO disclosures_fts(rowid, title_folded, body_folded)
        VALUES (new.id, new.title_folded, new.body_folded);
    END""",
    """CREATE TRIGGER IF NOT EXISTS disclosures_fts_ad AFTER DELETE ON disclosures_searchentry BEGIN
        INSERT INTO disclosures_fts(disclosures_fts, rowid, title_folded, body_folded)
        VALUES ('delete', old.id, old.title_folded, old.body_folded);
    END""",
    """CREATE TRIGGER IF NOT EXISTS disclosures_fts_au AFTER UPDATE ON disclosures_searchentry BEGIN
        INSERT INTO disclosures_fts(disclosures_fts, rowid, title_folded, body_folded)
        VALUES ('delete', old.id, old.title_folded, old.body_folded);
        INSERT INTO disclosures_fts(rowid, title_folded, body_folded)
        VALUES (new.id, new.title_folded, new.body_folded);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS disclosures_fts_au",
    "DROP TRIGGER IF EXISTS disclosures_fts_ad",
    "DROP TRIGGER IF EXISTS disclosures_fts_ai",
    "DROP TABLE IF EXISTS disclosures_fts",
]
PG_UP = [
    """CREATE INDEX IF NOT EXISTS disclosures_search_tsv ON disclosures_searchentry
       USING GIN (to_tsvector('simple'::regconfig, title_folded || ' ' || body_folded))""",
]
PG_DOWN = ["DROP INDEX IF EXISTS disclosures_search_tsv"]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        ),
    ]

"""The audit chain is sealed after commit instead of under a lock on its head (docs/decisions/0002).

Entries get a position (`seq`) and a hash version (`v`); `hash`/`prev_hash` may be empty until the
one consumer seals the entry. Existing entries are numbered in id order (their hashes, v=1, stay as
they are, so published anchors still match). The append-only triggers now allow exactly one update
of a row: filling `seq`, `prev_hash` and `hash` of an unsealed entry, nothing else."""

from django.db import migrations, models

from danchu.core.audit import maintenance_unlock

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('danchu.audit_unlock', true), '') = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        -- Sealing: an unsealed entry receives its position and hashes once; nothing else changes.
        IF OLD.hash IS NULL AND OLD.seq IS NULL AND NEW.hash IS NOT NULL AND NEW.seq IS NOT NULL
           AND (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash')
        THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit log is append-only: % on core_auditentry refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""

POSTGRES_FUNCTION_BEFORE = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('danchu.audit_unlock', true), '') = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit log is append-only: % on core_auditentry refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""

SEALING = " AND ".join(
    ["OLD.hash IS NULL", "OLD.seq IS NULL", "NEW.hash IS NOT NULL", "NEW.seq IS NOT NULL"]
    + [
        f"NEW.{column} IS OLD.{column}"
        for column in (
            "id", "at", "actor_id", "actor_label", "on_behalf_of_id", "action",
            "object_type", "object_id", "before", "after", "v",
        )
    ]
)

SQLITE_CREATE = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
    f"""
    CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    WHEN NOT danchu_audit_unlocked() AND NOT ({SEALING})
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE of core_auditentry refused'); END
    """,
    """
    CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
    WHEN NOT danchu_audit_unlocked()
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE from core_auditentry refused'); END
    """,
]

NUMBER_EXISTING = """
UPDATE core_auditentry SET seq = numbered.n
FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM core_auditentry) AS numbered
WHERE numbered.id = core_auditentry.id
"""


def number_existing(apps, schema_editor):
    with maintenance_unlock(schema_editor.connection.alias):
        schema_editor.execute(NUMBER_EXISTING, params=None)


def sealing_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql, params=None)


def previous_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION_BEFORE, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_holiday_schedule")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(blank=True, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="v",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.RunPython(number_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditentry",
            name="v",
            field=models.PositiveSmallIntegerField(default=2, db_default=2),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(sealing_triggers, previous_triggers),
    ]

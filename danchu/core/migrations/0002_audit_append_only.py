"""The audit log is append-only in the database itself: triggers refuse UPDATE and DELETE on
core_auditentry (and TRUNCATE on PostgreSQL) unless the connection holds the maintenance unlock
(danchu.core.audit.maintenance_unlock, used only by `danchu flush`).

Note for later migrations: on SQLite, altering core_auditentry rebuilds the table and drops these
triggers; re-create them in that migration (tests/test_audit.py checks they exist)."""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    WHEN NOT danchu_audit_unlocked()
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE of core_auditentry refused'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE DELETE ON core_auditentry
    WHEN NOT danchu_audit_unlocked()
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE from core_auditentry refused'); END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
]

POSTGRES_CREATE = [
    """
    CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
    BEGIN
        IF coalesce(current_setting('danchu.audit_unlock', true), '') = 'on' THEN
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit log is append-only: % on core_auditentry refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER core_auditentry_no_update_delete BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()
    """,
    """
    CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_append_only()
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry",
    "DROP TRIGGER IF EXISTS core_auditentry_no_update_delete ON core_auditentry",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only()",
]


def _run(schema_editor, statements_by_vendor):
    vendor = schema_editor.connection.vendor
    for sql in statements_by_vendor.get(vendor, []):
        schema_editor.execute(sql, params=None)


def create_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def drop_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


def create_chain_head(apps, schema_editor):
    # The row writers lock while appending; created here so the first two concurrent writers do not
    # race to create it.
    apps.get_model("core", "AuditChainHead").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(create_chain_head, migrations.RunPython.noop),
    ]

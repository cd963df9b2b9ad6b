"""Idempotency records, and an audit trigger whose maintenance unlock only the table's owner may use.

Before, any session could `SET danchu.audit_unlock = 'on'` and rewrite the log. Now the unlock is
honoured only for a role that owns core_auditentry (or a superuser): in production the application
connects as a role that does not (see `danchu audit_roles`), so the setting does nothing for it."""

from django.db import migrations, models

POSTGRES_OWNER_ONLY = """
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

POSTGRES_ANYONE = """
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
"""


def owner_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_OWNER_ONLY, params=None)


def anyone(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_ANYONE, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_append_only"),
    ]

    operations = [
        migrations.CreateModel(
            name="IdempotencyRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("scope", models.CharField(max_length=100)),
                ("key", models.CharField(max_length=100)),
                ("fingerprint", models.CharField(max_length=64)),
                ("method", models.CharField(max_length=10)),
                ("path", models.CharField(max_length=500)),
                ("status", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("body", models.BinaryField(default=b"")),
                ("headers", models.JSONField(default=dict)),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("completed_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "verbose_name": "idempotency record",
                "verbose_name_plural": "idempotency records",
                "constraints": [
                    models.UniqueConstraint(fields=("scope", "key"), name="one_record_per_scope_and_key")
                ],
            },
        ),
        migrations.RunPython(owner_only, anyone),
    ]

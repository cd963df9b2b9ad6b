"""`danchu audit_roles --app-role danchu`: the application's PostgreSQL role may only read and append
to the audit log.

Run once after `migrate`, as a superuser (or the role that owns the tables). It creates a role that
owns core_auditentry and its append-only trigger (NOLOGIN: nobody signs in as it), gives it the
table, and leaves the application's role SELECT and INSERT (plus the update of the three columns
that sealing an entry fills, which the trigger allows once per entry). From then on the application — and
anyone who steals its database password — cannot UPDATE, DELETE or TRUNCATE the log, disable or drop
its trigger, drop the table, or use the maintenance unlock (which only the owner may use).

Migrations that alter core_auditentry must then run as the owner (`SET ROLE danchu_audit_owner` as
a superuser), or after `--release`, which gives the table back to the current user until the next
`audit_roles`. See docs/security.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections, transaction

TABLE = "core_auditentry"
FUNCTION = "core_auditentry_append_only()"


def _ident(cursor: Any, name: str) -> str:
    cursor.execute("SELECT quote_ident(%s)", [name])
    return str(cursor.fetchone()[0])


class Command(BaseCommand):
    help = "Give the audit log to an owner role and leave the application's role SELECT and INSERT only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--app-role", required=True, help="the role danchu connects as")
        parser.add_argument(
            "--owner-role", default="danchu_audit_owner", help="the role that will own the log"
        )
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--release", action="store_true", help="give the log back to the current user (for a migration)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError("Separate database roles exist on PostgreSQL only.")
        with transaction.atomic(using=options["database"]), connection.cursor() as cursor:
            app, owner = _ident(cursor, options["app_role"]), _ident(cursor, options["owner_role"])
            if options["release"]:
                cursor.execute(f"ALTER TABLE {TABLE} OWNER TO CURRENT_USER")
                cursor.execute(f"ALTER FUNCTION {FUNCTION} OWNER TO CURRENT_USER")
                self.stdout.write("The audit log belongs to the current user again; run audit_roles after.")
                return
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [options["app_role"]])
            row = cursor.fetchone()
            if row is None:
                raise CommandError(f"There is no role {options['app_role']}.")
            if row[0]:
                raise CommandError("The application's role is a superuser: it could undo all of this.")
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [options["owner_role"]])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE ROLE {owner} NOLOGIN")
            cursor.execute(
                "SELECT pg_has_role(%s, %s, 'MEMBER')", [options["app_role"], options["owner_role"]]
            )
            if cursor.fetchone()[0]:
                raise CommandError("The application's role is a member of the owner role.")
            cursor.execute(f"ALTER TABLE {TABLE} OWNER TO {owner}")
            cursor.execute(f"ALTER FUNCTION {FUNCTION} OWNER TO {owner}")
            cursor.execute(f"REVOKE ALL ON {TABLE} FROM PUBLIC")
            cursor.execute(f"REVOKE ALL ON {TABLE} FROM {app}")
            cursor.execute(f"GRANT SELECT, INSERT ON {TABLE} TO {app}")
            # Sealing after commit fills these three columns of an unsealed entry, once; the
            # trigger refuses any other update (danchu.core.audit.seal_pending).
            cursor.execute(f"GRANT UPDATE (seq, prev_hash, hash) ON {TABLE} TO {app}")
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
            sequence = cursor.fetchone()[0]
            if sequence:
                cursor.execute(f"GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {app}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{options['owner_role']} owns the audit log; {options['app_role']} may only read and append."
            )
        )

"""`danchu demo`: build the demo slice (one province, three communes, villages, households, one
account per role, and each module's records). Safe to run again: a built demo is only reprinted."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from danchu.core.audit import audit
from danchu.core.demo import DEMO_STEPS
from danchu.core.models import AuditEntry

DEMO_DONE = "demo.built"


class Command(BaseCommand):
    help = "Create the demo data (run by `make run`); prints the demo accounts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="build again even if a demo exists")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        done = AuditEntry.objects.filter(action=DEMO_DONE).order_by("-id").first()
        if done and not force:
            self.stdout.write("Demo data already present.")
            self._print_accounts(done.after or {})
            return
        ctx: dict[str, Any] = {"credentials": [], "stdout": self.stdout}
        for step in sorted(DEMO_STEPS, key=lambda s: s.order):
            self.stdout.write(f"demo: {step.name}…")
            with transaction.atomic():
                step.build(ctx)
        accounts = {"accounts": ctx["credentials"]}
        audit(actor=None, action=DEMO_DONE, object_type="demo", after=accounts)
        self._print_accounts(accounts)

    def _print_accounts(self, data: dict[str, Any]) -> None:
        rows = data.get("accounts") or []
        if not rows:
            return
        self.stdout.write("\nDemo accounts (sign in at /accounts/login/ with the phone number or e-mail):")
        for row in rows:
            self.stdout.write(
                f"  {row['role']:<34} {row['login']:<32} {row['password']}  {row.get('note', '')}"
            )
        self.stdout.write("Staff accounts set up TOTP on first sign-in (any authenticator app).\n")

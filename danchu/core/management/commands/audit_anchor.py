"""`danchu audit_anchor`: sign the audit chain's head now and append it to the anchor file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danchu.core.anchors import anchor_now, anchor_path, public_key


class Command(BaseCommand):
    help = "Sign the audit chain's current head and append it to AUDIT_ANCHOR_FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="anchor even when nothing was appended")
        parser.add_argument("--public-key", action="store_true", help="print the public key and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["public_key"]:
            self.stdout.write(public_key())
            return
        anchor = anchor_now(force=options["force"])
        if anchor is None:
            self.stdout.write("Nothing new to anchor.")
            return
        self.stdout.write(f"Anchored entry {anchor.count} ({anchor.hash[:16]}…) in {anchor_path()}.")

"""What an import's page tells the person who uploaded the file, besides the rows it refused: the
columns it left unread and the bad rows it skipped as asked (messages shown with the next page)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.utils.translation import ngettext

from .reading import unread_notice


def warn_unread(request: Any, columns: Sequence[str]) -> None:
    """Tell the person who uploaded a file the columns its import left unread (nothing when none)."""
    if columns:
        messages.warning(request, unread_notice(columns))


def warn_skipped(request: Any, skipped: Sequence[str], *, shown: int = 20) -> None:
    """Tell the person the bad rows an import skipped, as asked ("Line 3: …"), the first `shown`."""
    if skipped:
        n = len(skipped)
        lines = [
            ngettext("%(n)d row was skipped:", "%(n)d rows were skipped:", n) % {"n": n},
            *skipped[:shown],
        ]
        messages.warning(request, " ".join(str(line) for line in lines))

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from danchu.core.errors import Forbidden
from danchu.core.text import checked_text

from ..models import Consultation
from ..permissions import can_manage_consultation


def text(value: str | None, *, label: str, max_length: int, required: bool = True) -> str:
    """User text, refused clearly when it holds a NUL byte or is too long (never a 500)."""
    return checked_text(value, label=label, limit=max_length, required=required)


def require_manage(actor: Any, c: Consultation) -> None:
    if not can_manage_consultation(actor, c):
        raise Forbidden(_("Only the staff of the consulting unit may do this."))

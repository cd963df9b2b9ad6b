from __future__ import annotations

from danchu.core.text import checked_text


def text(value: str | None, *, label: str, max_length: int, required: bool = True) -> str:
    """User text, refused clearly when it holds a NUL byte or is too long (never a 500)."""
    return checked_text(value, label=label, limit=max_length, required=required)

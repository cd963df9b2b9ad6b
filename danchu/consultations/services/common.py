from __future__ import annotations

from django.utils.translation import gettext as _

from danchu.core.errors import DomainError


def text(value: str | None, *, label: str, max_length: int, required: bool = True) -> str:
    """User text, refused clearly when it holds a NUL byte or is too long (never a 500)."""
    value = (value or "").strip()
    if "\x00" in value:
        raise DomainError(
            _("%(field)s contains a character that is not allowed.") % {"field": label}, code="bad_character"
        )
    if len(value) > max_length:
        raise DomainError(
            _("%(field)s is longer than %(max)s characters.") % {"field": label, "max": max_length},
            code="too_long",
        )
    if required and not value:
        raise DomainError(_("%(field)s is required.") % {"field": label}, code="required")
    return value

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError
from danchu.core.formats import cell_number
from danchu.core.text import checked_text, quoted


def clean_text(value: str, *, field: Any, max_length: int, required: bool = False) -> str:
    """Trimmed text without NUL bytes and within its length, or a clear refusal."""
    return checked_text(value, label=field, limit=max_length, required=required)


def dong(value: Any, *, field: Any, allow_zero: bool = True) -> Decimal:
    """A whole, non-negative amount of đồng ("500000", "500.000" and "500,000" alike: a đồng has no
    fraction, so "500.000" is never five hundred)."""
    try:
        d = cell_number(value, whole=True)
    except (InvalidOperation, ValueError):
        raise DomainError(
            _("%(field)s: “%(value)s” is not an amount in đồng (digits, as 500000 or 500.000).")
            % {"field": field, "value": quoted(str(value))}
        ) from None
    if not d.is_finite() or d != d.to_integral_value() or d < 0 or (d == 0 and not allow_zero):
        raise DomainError(_("%(field)s must be a positive whole number of đồng.") % {"field": field})
    if d >= Decimal(10) ** 15:
        raise DomainError(_("%(field)s is too large.") % {"field": field})
    return d


def quantity(value: Any, *, field: Any) -> Decimal:
    """Labour days or m², at most two decimals ("2,5" and "2.5" alike, "1.500" a thousand and five
    hundred)."""
    try:
        d = cell_number(value)
    except (InvalidOperation, ValueError):
        raise DomainError(
            _("%(field)s: “%(value)s” is not a number.") % {"field": field, "value": quoted(str(value))}
        ) from None
    if not d.is_finite() or d < 0 or d >= Decimal(10) ** 9 or d != d.quantize(Decimal("0.01")):
        raise DomainError(
            _("%(field)s must be a positive number with at most two decimals.") % {"field": field}
        )
    return d


def not_future(day: dt.date, *, field: Any) -> dt.date:
    if day > timezone.localdate():
        raise DomainError(_("%(field)s cannot be in the future.") % {"field": field})
    return day

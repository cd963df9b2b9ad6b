"""What every service of disclosures shares: the statuses, the audited fields, the access check, and
text as it is stored (no NUL characters; too long is refused with a message, never cut)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from danchu.core.errors import DomainError, Forbidden
from danchu.places.models import Place

from .. import categories
from ..models import BulletinSettings, Disclosure, Voice
from ..permissions import can_manage, clean

S = Disclosure.Status

# A publish time a little in the past (form filled a minute ago) is "now", not "the past".
PUBLISH_GRACE = dt.timedelta(minutes=5)
AUDITED = [
    "status",
    "title",
    "summary",
    "category",
    "publish_at",
    "published_at",
    "posting_start",
    "posting_end",
    "version",
    "withdraw_reason",
]
# The longest text a field takes (the model's max_length, or a bound for the free texts).
LIMITS = {
    "title": 300,
    "summary": 2000,
    "body": 100_000,
    "legal_basis": 2000,
    "issuing_unit": 255,
    "note": 2000,
    "reason": 2000,
    "answer": 5000,
    "location": 255,
    "proof_note": 500,
    "reject_reason": 500,
    "period_key": 16,
}


def clean_text(text: str | None) -> str:
    """Text as stored: no NUL characters, no lone surrogates (PostgreSQL refuses both)."""
    return clean(text)


def fit(text: str | None, field: str, label: str) -> str:
    """`text` without NUL characters, refused (DomainError naming the field) when longer than the
    field takes: a long text is never cut silently."""
    value = clean_text(text)
    limit = LIMITS[field]
    if len(value) > limit:
        raise DomainError(
            _("%(field)s is too long: %(n)s characters, at most %(max)s.")
            % {
                "field": label,
                "n": f"{len(value):,}".replace(",", "."),
                "max": f"{limit:,}".replace(",", "."),
            },
            code="too_long",
            detail={"field": field, "length": len(value), "max": limit},
        )
    return value


def require_manage(actor: Any, place: Place) -> None:
    if not can_manage(actor, place):
        raise Forbidden(_("You may only publish for your own unit."))


def category_or_error(code: str) -> categories.Category:
    cat = categories.get(code)
    if cat is None:
        raise DomainError(
            _("Unknown category: %(code)s.") % {"code": clean_text(code)[:64]}, code="unknown_category"
        )
    return cat


def default_issuing_unit(place: Place) -> str:
    return _("People's Committee of %(place)s") % {"place": place.name}


def voice_for(place: Place) -> str:
    s = BulletinSettings.objects.filter(place=place).first()
    return s.voice if s else Voice.NORTHERN


def actor_or_none(actor: Any) -> Any:
    """The person to store as author (None for the system: jobs, imports)."""
    return actor if getattr(actor, "pk", None) else None

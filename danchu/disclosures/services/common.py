"""What every service of disclosures shares: the statuses, the audited fields, the access check, and
text as it is stored (no NUL characters; too long is refused with a message, never cut)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from danchu.accounts.models import Role
from danchu.accounts.permissions import memberships, scope_place
from danchu.core.errors import DomainError, Forbidden
from danchu.core.text import in_sentence
from danchu.places.models import Place

from .. import categories
from ..models import BulletinSettings, Disclosure, Voice
from ..permissions import COMMITTEE_CATEGORY, COMMITTEE_LEVELS, can_manage, clean, committee_only

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
    "question": 2000,
}


def clean_text(text: str | None) -> str:
    """Text as stored: no NUL characters, no lone surrogates (PostgreSQL refuses both)."""
    return clean(text)


def fit(text: str | None, field: str, label: str) -> str:
    """`text` as stored, refused (DomainError naming the field) when it holds a NUL byte or is longer
    than the field takes: nothing is cut or dropped silently (a withdrawal's reason "a\x00b" was
    published, irreversibly, as "ab")."""
    if text and "\x00" in text:
        raise DomainError(
            _("%(field)s contains a character that is not allowed (NUL).") % {"field": label},
            code="bad_character",
            detail={"field": field},
        )
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


def require_category_allowed(actor: Any, place: Place, cat: categories.Category) -> None:
    """A steering committee member publishes the committee's own documents for its place, nothing else."""
    if actor is not None and cat.code != COMMITTEE_CATEGORY and committee_only(actor, place):
        allowed = categories.get(COMMITTEE_CATEGORY)
        raise DomainError(
            _("A steering committee publishes only its own documents, in the category “%(category)s”.")
            % {"category": allowed.name if allowed else COMMITTEE_CATEGORY},
            code="category_not_allowed",
        )


def category_or_error(code: str) -> categories.Category:
    cat = categories.get(code)
    if cat is None:
        raise DomainError(
            _("Unknown category: %(code)s.") % {"code": clean_text(code)[:64]}, code="unknown_category"
        )
    return cat


def default_issuing_unit(place: Place, actor: Any = None) -> str:
    """The People's Committee of the place; for a steering committee member publishing for the
    committee's own place, the committee (its documents are its own, not the People's Committee's)."""
    if actor is not None and place.level in COMMITTEE_LEVELS:
        # The same membership is_committee_member_of looks for, read once to take its body's name.
        for m in memberships(actor):
            if m.role == Role.STEERING_MEMBER and m.body is not None and scope_place(m) == place:
                return m.body.name
    return _("People's Committee of %(place)s") % {"place": in_sentence(place.name)}


def voice_for(place: Place) -> str:
    s = BulletinSettings.objects.filter(place=place).first()
    return s.voice if s else Voice.NORTHERN


def actor_or_none(actor: Any) -> Any:
    """The person to store as author (None for the system: jobs, imports)."""
    return actor if getattr(actor, "pk", None) else None

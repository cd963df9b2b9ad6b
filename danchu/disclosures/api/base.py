"""The router of /api/v1/disclosures and what its operations share: the error bodies, the caller."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from danchu.core.api import ErrorOut
from danchu.core.errors import DomainError, Forbidden
from danchu.places.models import Place

from ..permissions import MANAGE, can_manage, clean, unit_for

router = Router(tags=["disclosures"])

# The one error body {code, message, detail}, shared by every module (danchu/core/api.py).
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
READ_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# Asking is limited per person and hour (services.question_ask answers 429 beyond it).
ASK_ERRORS = {**ERRORS, 429: ErrorOut}


def caller(request: HttpRequest) -> Any:
    """The caller: the token's person, else the session's."""
    auth = getattr(request, "auth", None)
    return auth if getattr(auth, "pk", None) else request.user


def publisher(request: HttpRequest) -> Any:
    """The caller, who must publish for some unit (403 otherwise); the scope of each object is then
    checked by its getter (404 for another unit's)."""
    person = caller(request)
    if not can_manage(person):
        raise Forbidden(_("You do not publish for any unit."))
    return person


def page(limit: int, offset: int, *, most: int = 200) -> tuple[int, int]:
    """`limit` and `offset` as asked, or a refusal naming the range (as core.paging's): a limit of
    1,000 used to be cut to the most a page holds, in silence."""
    if not 1 <= limit <= most:
        raise DomainError(_("limit must be from 1 to %(n)s.") % {"n": most}, code="bad_limit")
    if not 0 <= offset <= MAX_OFFSET:
        raise DomainError(_("offset must be from 0 to %(n)s.") % {"n": MAX_OFFSET}, code="bad_offset")
    return limit, offset


MAX_VILLAGES = 500
MAX_OFFSET = 100_000


def villages_of(person: Any, place: Place, codes: list[str]) -> list[Place]:
    """The villages named by their codes (each must be a village of `place`: the service checks)."""
    if len(codes) > MAX_VILLAGES:  # said, not cut to the first 500 in silence
        raise DomainError(
            _("A disclosure names at most %(n)s villages (%(m)s were given).")
            % {"n": MAX_VILLAGES, "m": len(codes)},
            code="too_many",
        )
    found = []
    for code in codes:
        try:
            found.append(unit_for(person, code))
        except Http404:
            raise DomainError(
                _("Unknown village codes: %(codes)s") % {"codes": clean(code)[:64]}, code="unknown_village"
            ) from None
    return found


__all__ = [
    "ASK_ERRORS",
    "ERRORS",
    "MANAGE",
    "READ_ERRORS",
    "caller",
    "page",
    "publisher",
    "router",
    "villages_of",
]

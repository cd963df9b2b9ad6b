"""Personal-token authentication for /api/v1 (Authorization: Bearer <token>)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from danchu.core import sqlmemo

from .models import STAFF_ROLES, Membership, PersonalToken

# "Last used" is shown to the token's holder to the minute; writing it on every request made every
# API write two transactions (and two commits) instead of one.
LAST_USED_EVERY = dt.timedelta(minutes=1)


def _token(digest: str) -> QuerySet[PersonalToken]:
    """The live token with this digest and its holder, compiled once per process (core.sqlmemo): every
    API request by token reads it, and building it cost more than running it."""
    return (
        PersonalToken.objects.select_related("person")
        .filter(digest=digest, revoked_at__isnull=True, person__is_active=True)
        # Whether the holder may be staff, in the same query: most API writes are citizens'
        # (votes, comments), who then need no second query for the two-factor check.
        .annotate(
            staff_role=Exists(
                Membership.objects.filter(person_id=OuterRef("person_id"), role__in=STAFF_ROLES)
            )
        )
        .order_by("pk")[:1]
    )


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found: Any = next(
            iter(sqlmemo.objects("accounts.token", _token, binds={"digest": PersonalToken.digest_of(token)})),
            None,
        )
        if found is None:
            # A request that sends a token is an API client's: a revoked or mistyped one is refused
            # here (401). Falling through to the session answered an unsafe request with "CSRF check
            # Failed" (403), which says nothing about the token.
            raise AuthenticationError()
        from .permissions import needs_mfa_setup

        if (found.staff_role or found.person.is_superuser) and needs_mfa_setup(found.person):
            # A token made before its holder became staff does not bypass the TOTP requirement.
            from django.utils.translation import gettext as _

            from danchu.core.errors import Forbidden

            raise Forbidden(
                _("Staff must set up two-factor authentication before using the API."), code="mfa_required"
            )
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_EVERY:
            PersonalToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.person
        return found.person

"""Personal-token authentication for /api/v1 (Authorization: Bearer <token>)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from .models import PersonalToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            PersonalToken.objects.select_related("person")
            .filter(digest=PersonalToken.digest_of(token), revoked_at__isnull=True, person__is_active=True)
            .first()
        )
        if found is None:
            return None
        from .permissions import needs_mfa_setup

        if needs_mfa_setup(found.person):
            # A token made before its holder became staff does not bypass the TOTP requirement.
            from django.utils.translation import gettext as _

            from danchu.core.errors import Forbidden

            raise Forbidden(
                _("Staff must set up two-factor authentication before using the API."), code="mfa_required"
            )
        PersonalToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.person
        return found.person

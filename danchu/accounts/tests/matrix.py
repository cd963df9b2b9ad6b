"""Objects of accounts for the access matrix: a pending household link in the unit's village, a
commune officer's role there, and that officer's token."""

from __future__ import annotations

from typing import Any

from danchu.accounts.models import HouseholdLink, Membership, Role
from danchu.accounts.services import token_create
from danchu.places.tests import factories as pf

from .factories import UserFactory


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    household = pf.household_with_head(village)
    resident = UserFactory(full_name="Người Xin Xác Minh")
    link = HouseholdLink.objects.create(
        person=resident, household=household, status=HouseholdLink.Status.REQUESTED
    )
    role = Membership.objects.filter(person=officer, role=Role.COMMUNE_OFFICER).first()
    token, _raw = token_create(person=officer, name="matrix")
    return {
        "accounts:office_link_decide:pk": str(link.pk),
        "accounts:household_end:pk": str(link.pk),
        "accounts:office_role_end:pk": str(role.pk) if role else "987654321",
        "accounts:token_revoke:pk": str(token.pk),
        "api:accounts:link_id": str(link.pk),
        "api:accounts:token_id": str(token.pk),
    }

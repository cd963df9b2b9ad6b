"""Objects of accounts for the access matrix: in the unit's village, a resident's pending household
link (to decide, /office/household-links) and the unit's officer's own pending request (to withdraw,
/household-links: the officer reaches it, the other commune's officer does not), the officer's role
and token."""

from __future__ import annotations

import json
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
    # The officer lives in the village too: their own pending request is the link they may end.
    own = HouseholdLink.objects.create(
        person=officer, household=household, status=HouseholdLink.Status.REQUESTED
    )
    role = Membership.objects.filter(person=officer, role=Role.COMMUNE_OFFICER).first()
    token, _raw = token_create(person=officer, name="matrix")
    return (
        {
            "accounts:office_link_decide:pk": str(link.pk),
            "accounts:household_end:pk": str(own.pk),
            "accounts:office_role_end:pk": str(role.pk) if role else "987654321",
            "accounts:token_revoke:pk": str(token.pk),
            "api:accounts:link_id": str(link.pk),
            "api:accounts:token_id": str(token.pk),
            f"{API}/tokens/{{token_id}}:token_id": str(token.pk),
        }
        | {f"{API}{path}:link_id": str(link.pk) for path in LINK_PATHS}
        | {f"{API}/household-links/{{link_id}}/end:link_id": str(own.pk)}
        | {
            "api-body:POST /api/v1/accounts/office/household-links/{link_id}/refuse": json.dumps(
                {"reason": "Không có tên trong sổ hộ khẩu."}
            )
        }
    )


API = "api:/api/v1/accounts"
LINK_PATHS = (
    "/office/household-links/{link_id}/confirm",
    "/office/household-links/{link_id}/refuse",
    "/office/household-links/{link_id}/end",
)

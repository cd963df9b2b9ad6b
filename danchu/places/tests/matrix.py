"""Objects of places for the access matrix (core/tests/test_access_objects.py): a household and one
of its members in the unit's village."""

from __future__ import annotations

import json
from typing import Any

from . import factories as pf


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    household = pf.household_with_head(village)
    member = household.members.first()
    return {
        "places:pk": str(household.pk),
        "places:member_id": str(member.pk),
        "places:office_village_edit:code": village.code,
        "places:office_village_end:code": village.code,
        "places:office_households:code": village.code,
        "places:office_upload_sample:what": "households",
        "api:places:code": village.code,
        "api:/api/v1/places/villages/{code}/households:code": village.code,
        "api:/api/v1/places/villages/{code}/voters:code": village.code,
        "api:/api/v1/places/{code}:code": commune.code,
        # Valid bodies, so the getter answers, not validation.
        "api-body:POST /api/v1/places/villages/{code}/households": json.dumps(
            {"number": "999", "members": [{"full_name": "Y Bih Niê", "relation": "head"}]}
        ),
        "api-body:POST /api/v1/places/{commune_code}/villages": json.dumps({"name": "Thôn Mới (ma trận)"}),
    }

"""Names shared by the importers."""

from __future__ import annotations

from ..models import HouseholdMember

Gender = HouseholdMember.Gender
Relation = HouseholdMember.Relation

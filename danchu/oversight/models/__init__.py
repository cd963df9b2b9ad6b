"""Dân giám sát: the People's Inspection Board (Ban Thanh tra nhân dân, Law 10/2022 Arts. 36–40; Decree
59/2023 Arts. 13–16) and the Fatherland Front's supervision (giám sát của MTTQ).

A commune's board is an accounts `Body` of kind INSPECTION_BOARD; its members hold `Membership`s (role
INSPECTION_MEMBER, scope the board's body), so the permission module knows them without knowing this
module. A unit's board (workplaces) sits on the unit's own Body; its members hold the non-staff role
UNIT_INSPECTION_MEMBER there (docs/oversight.md). A Front supervision belongs to a `Body` of kind FATHERLAND_FRONT (commune or
province). Both end in `Recommendation`s to a competent person, who answers; then the board or the
Front follows up and marks them resolved.
"""

from __future__ import annotations

from .boards import Board, BoardMember, BoardQuerySet
from .work import (
    Channel,
    DocumentRequest,
    Interest,
    Matter,
    MatterQuerySet,
    Period,
    Plan,
    PlanVersion,
    Recommendation,
    Supervision,
    Topic,
)

__all__ = [
    "Board",
    "BoardMember",
    "BoardQuerySet",
    "Channel",
    "DocumentRequest",
    "Interest",
    "Matter",
    "MatterQuerySet",
    "Period",
    "Plan",
    "PlanVersion",
    "Recommendation",
    "Supervision",
    "Topic",
]

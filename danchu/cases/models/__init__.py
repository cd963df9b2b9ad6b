"""Cases (đơn thư): feedback, petitions, complaints and denunciations; routing; citizen reception.

DOMAIN.md §8. Deadline rules live in types.py; due dates are stored on the case (recomputed by
services on every change of the facts they depend on) so dashboards filter on indexed columns.
Split by concept: `reference` (fields, routing rules), `case` (the case, its states, the identity
vault), `history` (timeline, reminders, photos, extensions, suspensions, transfers, replies),
`reception` (reception schedule, log, dialogues; Open311 keys).
"""

from __future__ import annotations

from .authority import Contact, Delegation, Escalation
from .case import (
    DONE_STATES,
    OPEN_STATES,
    Case,
    CaseQuerySet,
    Channel,
    Complexity,
    IdentityVault,
    State,
    Timeliness,
)
from .history import (
    ACTION_LABELS,
    CaseEvent,
    CasePhoto,
    DeadlineReminder,
    Extension,
    Pause,
    Reply,
    Transfer,
)
from .reception import ApiKey, Dialogue, ReceptionLog, ReceptionSlot
from .reference import Field, RoutingRule

__all__ = [
    "ACTION_LABELS",
    "DONE_STATES",
    "OPEN_STATES",
    "ApiKey",
    "Case",
    "CaseEvent",
    "CasePhoto",
    "CaseQuerySet",
    "Channel",
    "Complexity",
    "Contact",
    "DeadlineReminder",
    "Delegation",
    "Dialogue",
    "Escalation",
    "Extension",
    "Field",
    "IdentityVault",
    "Pause",
    "ReceptionLog",
    "ReceptionSlot",
    "Reply",
    "RoutingRule",
    "State",
    "Timeliness",
    "Transfer",
]

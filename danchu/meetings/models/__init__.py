"""Village meetings (hội nghị thôn), their agenda, attendance by household, decisions, secret
electronic elections and village conventions (DOMAIN.md §3–4)."""

from __future__ import annotations

from .conventions import Convention, ConventionComment, ConventionVersion
from .elections import Ballot, Candidate, Dismissal, Election, PaperBox, Participation
from .elections import _shuffle_key as _shuffle_key  # migration 0001 names it here
from .meetings import (
    AgendaItem,
    Attendance,
    BallotBox,
    HouseholdVote,
    Meeting,
    MeetingQuerySet,
    MeetingRule,
)
from .motions import Motion, MotionQuerySet, MotionVote

__all__ = [
    "AgendaItem",
    "Attendance",
    "Ballot",
    "BallotBox",
    "Candidate",
    "Convention",
    "Dismissal",
    "ConventionComment",
    "ConventionVersion",
    "Election",
    "HouseholdVote",
    "Meeting",
    "MeetingQuerySet",
    "MeetingRule",
    "Motion",
    "MotionQuerySet",
    "MotionVote",
    "PaperBox",
    "Participation",
]

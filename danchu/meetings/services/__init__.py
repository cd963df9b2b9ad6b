"""The use cases of meetings and elections, shared by pages, the API and commands."""

from __future__ import annotations

from .elections import (
    ballot_cast,
    election_close,
    election_open,
    election_plan,
    election_recognise,
    election_rerun,
    election_tally,
    recount,
)
from .meetings import (
    ItemSpec,
    MeetingDraft,
    checkin,
    item_confirm,
    item_count_hands,
    item_count_secret,
    meeting_close,
    meeting_convene,
    meeting_open,
    minutes_confirm,
    minutes_publish,
    notice_send,
    slip_record,
)

__all__ = [
    "ItemSpec",
    "MeetingDraft",
    "ballot_cast",
    "checkin",
    "election_close",
    "election_open",
    "election_plan",
    "election_recognise",
    "election_rerun",
    "election_tally",
    "item_confirm",
    "item_count_hands",
    "item_count_secret",
    "meeting_close",
    "meeting_convene",
    "meeting_open",
    "minutes_confirm",
    "minutes_publish",
    "notice_send",
    "recount",
    "slip_record",
]

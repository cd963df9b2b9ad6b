"""The use cases of meetings and elections, shared by pages, the API and commands."""

from __future__ import annotations

from .conventions import (
    convention_amend,
    convention_draft,
    version_adopt,
    version_open_comments,
    version_recognise,
    version_refuse,
    version_submit,
)
from .decisions import (
    OnlineConditions,
    item_confirm,
    item_count_hands,
    item_count_secret,
    item_online_close,
    item_online_open,
    online_vote,
    slip_record,
)
from .dismissals import dismissal_decide, dismissal_propose, dismissal_put_to_vote, dismissal_record
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
    meeting_cancel,
    meeting_close,
    meeting_convene,
    meeting_open,
    minutes_confirm,
    minutes_publish,
    notice_send,
)
from .motions import motion_close, motion_count_room, motion_open, motion_vote
from .paper import PaperCount, election_team_set, paper_box_record, paper_totals
from .voters import electorate_election_plan, voter_ballot_cast

__all__ = [
    "PaperCount",
    "dismissal_decide",
    "dismissal_propose",
    "dismissal_put_to_vote",
    "dismissal_record",
    "election_team_set",
    "paper_box_record",
    "paper_totals",
    "convention_amend",
    "convention_draft",
    "version_adopt",
    "version_open_comments",
    "version_recognise",
    "version_refuse",
    "version_submit",
    "ItemSpec",
    "MeetingDraft",
    "OnlineConditions",
    "item_online_close",
    "item_online_open",
    "online_vote",
    "ballot_cast",
    "checkin",
    "election_close",
    "election_open",
    "election_plan",
    "election_recognise",
    "election_rerun",
    "election_tally",
    "electorate_election_plan",
    "voter_ballot_cast",
    "item_confirm",
    "item_count_hands",
    "item_count_secret",
    "meeting_cancel",
    "meeting_close",
    "motion_close",
    "motion_count_room",
    "motion_open",
    "motion_vote",
    "meeting_convene",
    "meeting_open",
    "minutes_confirm",
    "minutes_publish",
    "notice_send",
    "recount",
    "slip_record",
]

"""Every change of state of works, one function per use case (shared by pages, the API and the demo)."""

from __future__ import annotations

from .board import (
    MemberData,
    board_close,
    board_establish,
    board_member_add,
    board_member_withdraw,
    board_plan_set,
    information_send,
    recommendation_answer,
    recommendation_close,
    recommendation_make,
    session_record,
)
from .importing import ledger_import, ledger_sample
from .ledger import (
    payment_record,
    payment_reverse,
    pledge_reduce,
    pledges_compute,
    rate_decide,
    rate_set,
)
from .works import WorkData, progress_add, work_accept, work_create, work_hand_over

__all__ = [
    "MemberData",
    "WorkData",
    "board_close",
    "board_establish",
    "board_member_add",
    "board_member_withdraw",
    "board_plan_set",
    "information_send",
    "ledger_import",
    "ledger_sample",
    "payment_record",
    "payment_reverse",
    "pledge_reduce",
    "pledges_compute",
    "progress_add",
    "rate_decide",
    "rate_set",
    "recommendation_answer",
    "recommendation_close",
    "recommendation_make",
    "session_record",
    "work_accept",
    "work_create",
    "work_hand_over",
]

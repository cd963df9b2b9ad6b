"""Helpers that walk a matter through its steps (dated in the past, on working days)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danchu.oversight import services
from danchu.oversight.models import Board, Channel, Matter


def slip(board: Board, actor: Any, *, received_on: dt.date | None = None, title: str = "") -> Matter:
    return services.matter_receive(
        actor=actor,
        board=board,
        data=services.MatterData(
            title=title or "Thu tiền vệ sinh môi trường cao hơn mức HĐND xã quyết định",
            description="Phiếu góp ý bỏ hòm thư: thôn thu 50.000 đ/hộ/tháng thay vì 30.000 đ theo nghị quyết.",
            channel=Channel.SUGGESTION_BOX,
            received_on=received_on,
            reporter_name="Người dân thôn 1",
        ),
    )


def walk_to_concluded(matter: Matter, actor: Any, start: dt.date, *, violation: bool = True) -> Matter:
    """Classify, send the plan, start 5 working days later, conclude (all dated from `start`)."""
    from danchu.core.calendar import add_working_days

    services.matter_classify(actor=actor, matter=matter, in_scope=True, on=start)
    sent = add_working_days(start, 1)
    begin = services.earliest_start(sent)
    services.inspection_plan_send(
        actor=actor,
        matter=matter,
        inspected_party="Trưởng thôn 1",
        plan="Làm việc với trưởng thôn, xem sổ thu chi quỹ vệ sinh.",
        planned_start=begin,
        sent_on=sent,
    )
    services.inspection_start(actor=actor, matter=matter, on=begin)
    return services.matter_conclude(
        actor=actor,
        matter=matter,
        findings="Thôn thu vượt 20.000 đ/hộ/tháng so với nghị quyết." if violation else "Thu đúng quy định.",
        signs_of_violation=violation,
        on=add_working_days(begin, 2),
    )

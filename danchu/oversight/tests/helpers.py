"""Helpers that walk a matter through its steps (dated in the past, on working days), and a village
meeting that elects a board member (meetings' secret ballot)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import link_household, person_with_role
from danchu.core.testing import open_election
from danchu.meetings import services as meetings_services
from danchu.meetings.models import Election
from danchu.oversight import services
from danchu.oversight.models import Board, Channel, Matter
from danchu.places.tests import factories as pf


def elect_on_village_meeting(village: Any, village_head: Any, candidate: Any) -> Election:
    """An election of the village's board member, won by `candidate` (an account) with 6 of 8 ballots."""
    name = candidate.full_name
    e = meetings_services.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.INSPECTION_BOARD,
        election_day=timezone.localdate(),
        candidates=[name, "Lò Văn Sáng"],
        accounts={name: candidate},
    )
    voters = []
    for n in range(8):  # the village's households, registered before the vote opens (its roster)
        household = pf.household_with_head(village, number=str(300 + n))
        rep = person_with_role(Role.HOUSEHOLD_REP, village, full_name=f"Đại Diện Hộ {300 + n}")
        link_household(rep, household, representative=True)
        voters.append((household, rep))
    open_election(meetings_services.election_open, actor=village_head, election=e)
    ids = {c.full_name: c.pk for c in e.candidates.all()}
    for n, (household, rep) in enumerate(voters):
        pick = ids[name] if n < 6 else ids["Lò Văn Sáng"]
        meetings_services.ballot_cast(person=rep, election=e, household=household, choices=[pick])
    meetings_services.election_close(actor=village_head, election=e)
    return meetings_services.election_tally(actor=village_head, election=e)


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

"""For the tests of the modules that keep a board's record (oversight, works): a board member elected by
a village's secret ballot (planned, opened on its day, cast by the households' representatives, closed
and tallied, to be recognised by the test), and a dismissal voted by a village meeting (convened, put
on an item of matter 5 by secret ballot, the households checked in, the main box counted and the count
confirmed by the chair)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from danchu.accounts.models import HouseholdLink, Role
from danchu.accounts.tests.factories import link_household, person_with_role
from danchu.core.testing import open_election
from danchu.meetings import services as meetings
from danchu.meetings.models import AgendaItem, Dismissal, Election
from danchu.meetings.services.decisions import BoxCount
from danchu.places.tests import factories as pf


def elect_on_village_meeting(
    village: Any, village_head: Any, candidate: Any, office: str = Election.Office.INSPECTION_BOARD
) -> Election:
    """An election of the village's member of a board (`office`), won by `candidate` (an account) with 6
    of 8 ballots: the village has no other household on its register (another election in the village
    is voted by the same 8). Tallied, not yet recognised."""
    name = candidate.full_name
    e = meetings.election_plan(
        actor=village_head,
        village=village,
        office=office,
        election_day=timezone.localdate(),
        candidates=[name, "Lò Văn Sáng"],
        accounts={name: candidate},
    )
    voters = []
    for n in range(8):  # the village's households, registered before the vote opens (its roster)
        number = str(300 + n)
        link = HouseholdLink.objects.filter(household__village=village, household__number=number).first()
        if link is None:
            household = pf.household_with_head(village, number=number)
            rep = person_with_role(Role.HOUSEHOLD_REP, village, full_name=f"Đại Diện Hộ {number}")
            link = link_household(rep, household, representative=True)
        voters.append((link.household, link.person))
    open_election(meetings.election_open, actor=village_head, election=e)
    ids = {c.full_name: c.pk for c in e.candidates.all()}
    for n, (household, rep) in enumerate(voters):
        pick = ids[name] if n < 6 else ids["Lò Văn Sáng"]
        meetings.ballot_cast(person=rep, election=e, household=household, choices=[pick])
    meetings.election_close(actor=village_head, election=e)
    return meetings.election_tally(actor=village_head, election=e)


def vote_on_dismissal(
    *, village_head: Any, dismissal: Dismissal, households: list[str], votes_for: int, votes_against: int
) -> Dismissal:
    """`dismissal` voted on with `households` (their numbers) present; the dismissal as recorded."""
    meeting = meetings.meeting_convene(
        actor=village_head,
        draft=meetings.MeetingDraft(
            village=dismissal.village,
            title="Hội nghị thôn bàn việc cho thôi làm thành viên Ban",
            starts_at=timezone.now() + dt.timedelta(days=7),
            location="Nhà văn hóa thôn",
            items=[
                meetings.ItemSpec(
                    title="Cho thôi làm thành viên Ban",
                    kind=AgendaItem.Kind.ELECT,
                    matter=5,
                    method=AgendaItem.Method.SECRET,
                )
            ],
        ),
    )
    item = meeting.items.get()
    meetings.dismissal_put_to_vote(actor=village_head, dismissal=dismissal, item=item)
    meetings.notice_send(actor=village_head, meeting=meeting)
    meetings.meeting_open(actor=village_head, meeting=meeting)
    for number in households:
        meetings.checkin(actor=village_head, meeting=meeting, code=number)
    meetings.item_count_secret(
        actor=village_head,
        item=item,
        team=["Tổ viên A", "Tổ viên B", "Tổ viên C"],
        boxes=[BoxCount("Hòm chính", votes_for=votes_for, votes_against=votes_against)],
    )
    meetings.item_confirm(actor=village_head, item=item)
    dismissal.refresh_from_db()
    return dismissal

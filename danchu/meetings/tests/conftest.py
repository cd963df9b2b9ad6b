from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Body, Role
from danchu.accounts.tests.factories import BodyFactory, link_household, person_with_role
from danchu.core.testing import open_election
from danchu.meetings import services
from danchu.meetings.models import AgendaItem, Election
from danchu.places.tests import factories as pf


@pytest.fixture(autouse=True)
def _no_media_jobs(settings: Any) -> None:
    """No speech synthesis or posters in these tests but the one that asks for it."""
    settings.MEETINGS_NOTICE_AUDIO = False
    settings.DISCLOSURE_MEDIA_JOBS = False


@pytest.fixture(autouse=True)
def _english_services() -> Any:
    """Service messages in English for the assertions; pages and the API answer in the request's
    language (Vietnamese by default), and their tests assert the Vietnamese text."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def households(village: Any) -> list[Any]:
    """Ten households of the village (numbers 101..110)."""
    return [pf.household_with_head(village, number=str(100 + n)) for n in range(1, 11)]


@pytest.fixture
def meeting(village_head: Any, village: Any, households: Any) -> Any:
    return services.meeting_convene(
        actor=village_head,
        draft=services.MeetingDraft(
            village=village,
            title="Hội nghị thôn quý IV năm 2026",
            starts_at=timezone.now() + dt.timedelta(days=7),
            location="Nhà văn hóa Thôn 1",
            items=[
                services.ItemSpec(title="Báo cáo tình hình an ninh trật tự", kind=AgendaItem.Kind.INFORM),
                services.ItemSpec(
                    title="Mức đóng góp làm đường bê tông liên xóm",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=1,
                    method=AgendaItem.Method.HANDS,
                ),
                services.ItemSpec(
                    title="Quy chế quản lý nhà văn hóa",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=6,
                    method=AgendaItem.Method.SECRET,
                ),
            ],
        ),
    )


@pytest.fixture
def rep_of(village: Any) -> Any:
    """rep_of(household) -> a signed-up representative of that household."""

    def make(household: Any, name: str = "Đại Diện Hộ") -> Any:
        user = person_with_role(Role.HOUSEHOLD_REP, village, full_name=name)
        link_household(user, household, representative=True)
        return user

    return make


def open_meeting(meeting: Any, actor: Any) -> Any:
    services.notice_send(actor=actor, meeting=meeting)
    return services.meeting_open(actor=actor, meeting=meeting)


# --- Board members a village elected, and their dismissal (Law 10/2022 Art. 15 item 5) -------------


@pytest.fixture
def voters(households: Any, rep_of: Any) -> list[tuple[Any, Any]]:
    return [(h, rep_of(h, f"Đại Diện Hộ {h.number}")) for h in households]


@pytest.fixture
def inspection_board(commune: Any) -> Any:
    return BodyFactory(
        kind=Body.Kind.INSPECTION_BOARD, name="Ban Thanh tra nhân dân xã Krông Pắc", place=commune
    )


def elect(
    village: Any, village_head: Any, front_officer: Any, voters: Any, person: Any, office: str
) -> Election:
    """`person` elected by the village's households (7 of 10) and recognised by the commune Front."""
    e = services.election_plan(
        actor=village_head,
        village=village,
        office=office,
        election_day=timezone.localdate(),
        candidates=[person.full_name, "Lò Văn Sáng"],
        accounts={person.full_name: person},
    )
    open_election(services.election_open, actor=village_head, election=e)
    ids = {c.full_name: c.pk for c in e.candidates.all()}
    for n, (household, rep) in enumerate(voters):
        pick = ids[person.full_name] if n < 7 else ids["Lò Văn Sáng"]
        services.ballot_cast(person=rep, election=e, household=household, choices=[pick])
    services.election_close(actor=village_head, election=e)
    services.election_tally(actor=village_head, election=e)
    return services.election_recognise(actor=front_officer, election=e)


@pytest.fixture
def mai(village: Any, village_head: Any, front_officer: Any, voters: Any, inspection_board: Any) -> Any:
    """Hà Thị Mai, the village's member of the commune's People's Inspection Board."""
    person = person_with_role(Role.CITIZEN, village, full_name="Hà Thị Mai")
    elect(village, village_head, front_officer, voters, person, Election.Office.INSPECTION_BOARD)
    return person


@pytest.fixture
def board_vote_meeting(village_head: Any, village: Any, households: Any) -> Any:
    return services.meeting_convene(
        actor=village_head,
        draft=services.MeetingDraft(
            village=village,
            title="Hội nghị thôn bàn việc cho thôi làm thành viên Ban Thanh tra nhân dân",
            starts_at=timezone.now() + dt.timedelta(days=7),
            location="Nhà văn hóa Thôn 1",
            items=[
                services.ItemSpec(
                    title="Cho thôi làm thành viên Ban Thanh tra nhân dân",
                    kind=AgendaItem.Kind.ELECT,
                    matter=5,
                    method=AgendaItem.Method.SECRET,
                ),
                services.ItemSpec(
                    title="Cho thôi làm Trưởng thôn",
                    kind=AgendaItem.Kind.ELECT,
                    matter=4,
                    method=AgendaItem.Method.SECRET,
                ),
            ],
        ),
    )


def vote_on(meeting: Any, actor: Any, households: Any, present: int, votes_for: int, matter: int = 5) -> Any:
    """The meeting opened, `present` households checked in, the counting team's box on the item of
    `matter` (`votes_for` for, the rest against), the chair's confirmation."""
    from danchu.meetings.services.decisions import BoxCount

    open_meeting(meeting, actor)
    for h in households[:present]:
        services.checkin(actor=actor, meeting=meeting, code=h.number)
    item = meeting.items.get(matter=matter)
    services.item_count_secret(
        actor=actor,
        item=item,
        team=["Tổ viên A", "Tổ viên B", "Tổ viên C"],
        boxes=[BoxCount("Hòm chính", votes_for=votes_for, votes_against=present - votes_for)],
    )
    return services.item_confirm(actor=actor, item=item)

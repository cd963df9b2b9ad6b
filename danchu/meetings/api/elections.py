"""Elections and secret electronic ballots."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Schema, Status

from danchu.core.access import PUBLIC, SIGNED_IN, api_access
from danchu.core.api import InSchema
from danchu.core.errors import NotFound

from .. import queries, services
from ..electorates import village_of
from ..models import Ballot, Election
from ..permissions import election_for
from ..services.election_boards import chosen_board
from . import my_village, router

# --- Elections --------------------------------------------------------------------------------------


class ElectionIn(InSchema):
    village: str = Field(max_length=32)
    office: str = Field(max_length=32)
    election_day: dt.date
    seats: int = Field(1, ge=1, le=20)
    candidates: list[str] = Field(
        max_length=50,
        description='a name, or a name, ";" and the phone number or e-mail of the candidate\'s account '
        "(an elected board member with an account sits on the board on recognition)",
    )
    paper: bool = Field(False, description="held by paper ballot (boxes counted by the election team)")


class CandidateOut(Schema):
    id: int
    full_name: str
    elected: bool


class PaperBoxOut(Schema):
    kind: str
    label: str
    issued: int
    returned: int
    valid: int
    invalid: int
    votes: dict[str, int]


class ElectionOut(Schema):
    id: int
    village: str
    office: str
    election_day: dt.date
    status: str
    seats: int
    roster_size: int | None
    candidates: list[CandidateOut]
    tally: dict
    steps: list[dict]
    paper: bool
    team_head: str
    team: list[str]
    boxes: list[PaperBoxOut]


def _eout(e: Election) -> ElectionOut:
    from ..services.elections import steps

    tally = e.tally if e.status in ("tallied", "recognised", "failed") else {}
    return ElectionOut(
        id=e.pk,
        village=village_of(e).code,
        office=e.office,
        election_day=e.election_day,
        status=e.status,
        seats=e.seats,
        roster_size=e.roster_size,
        candidates=[CandidateOut.from_orm(c) for c in e.candidates.all()],
        tally=tally,
        steps=[{"label": str(s["label"]), "due": s["due"].isoformat()} for s in steps(e)],
        paper=e.paper,
        team_head=e.team_head,
        team=list(e.team),
        boxes=[PaperBoxOut.from_orm(b) for b in e.paper_boxes.order_by("kind", "label")],
    )


@router.post(
    "/elections",
    response={201: ElectionOut},
    openapi_extra=api_access("meetings.convene"),
    summary="Plan an election",
)
def election_plan(request: HttpRequest, payload: ElectionIn) -> Status[ElectionOut]:
    village = my_village(request, payload.village)
    e = services.election_plan(
        actor=request.user,
        village=village,
        office=payload.office,
        election_day=payload.election_day,
        candidates=payload.candidates,
        seats=payload.seats,
        paper=payload.paper,
    )
    return Status(201, _eout(e))


@router.get(
    "/elections/{int:pk}", response=ElectionOut, openapi_extra=api_access(SIGNED_IN), summary="An election"
)
def election_get(request: HttpRequest, pk: int) -> ElectionOut:
    return _eout(election_for(request.user, pk))


def _eaction(name: str, summary: str, who: str) -> None:
    def run(request: HttpRequest, pk: int) -> ElectionOut:
        e = election_for(request.user, pk, who)
        return _eout(getattr(services, name)(actor=request.user, election=e))

    run.__name__ = name
    router.post(
        "/elections/{int:pk}/" + name.split("_", 1)[1],
        response=ElectionOut,
        openapi_extra=api_access(who),
        summary=summary,
    )(run)


_eaction("election_open", "Open the vote", "meetings.run_election")
_eaction("election_close", "Close the vote", "meetings.run_election")
_eaction("election_tally", "Tally (only after the vote closes)", "meetings.run_election")


@router.post(
    "/elections/{int:pk}/recognise",
    response=ElectionOut,
    openapi_extra=api_access("meetings.recognise"),
    summary="Recognition by the commune chairman",
)
def election_recognise(
    request: HttpRequest,
    pk: int,
    board: int | None = Query(
        None,
        description="the board (an accounts body's id) the elected board members sit on: required when "
        "the commune has several boards of the office sitting (refused with code choose_board, whose "
        "detail lists them)",
    ),
) -> ElectionOut:
    e = election_for(request.user, pk, "meetings.recognise")
    chosen = chosen_board(e, board)
    return _eout(services.election_recognise(actor=request.user, election=e, board=chosen))


class RerunIn(InSchema):
    election_day: dt.date


@router.post(
    "/elections/{int:pk}/rerun",
    response={201: ElectionOut},
    openapi_extra=api_access("meetings.run_election"),
    summary="Re-election when nobody won",
)
def election_rerun(request: HttpRequest, pk: int, payload: RerunIn) -> Status[ElectionOut]:
    e = election_for(request.user, pk, "meetings.run_election")
    return Status(
        201, _eout(services.election_rerun(actor=request.user, election=e, election_day=payload.election_day))
    )


class BallotIn(InSchema):
    household: str = Field(description="household number", max_length=32)
    choices: list[int] = Field(max_length=50)


@router.post(
    "/elections/{int:pk}/ballots",
    response={201: dict},
    openapi_extra=api_access(SIGNED_IN),
    summary="Cast a household's secret ballot (returns the receipt code)",
)
def ballot_cast(request: HttpRequest, pk: int, payload: BallotIn) -> Status[dict]:
    e = election_for(request.user, pk)
    mine = [
        h
        for h in queries.represented_households(request.user)
        if h.number == payload.household and h.village_id == e.village_id
    ]
    if not mine:
        raise NotFound(_not_your_household())
    receipt = services.ballot_cast(
        person=request.user, election=e, household=mine[0], choices=payload.choices
    )
    return Status(201, {"receipt": receipt})


def _not_your_household() -> str:
    from django.utils.translation import gettext as _

    return _("You do not represent a household with this number in the election's village.")


@router.get(
    "/elections/{int:pk}/receipts/{code}",
    response=dict,
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Was my ballot counted? (after the tally)",
)
def receipt_check(request: HttpRequest, pk: int, code: str) -> dict:
    e = election_for(request.user, pk, "meetings.read_tally")
    code = code.strip().upper()
    # Not a receipt (a NUL byte would crash PostgreSQL's comparison; a receipt is 14 characters).
    plausible = "\x00" not in code and len(code) <= 16
    return {
        "counted": code in set(e.tally.get("receipts", [])),
        "checked_at": timezone.now().date().isoformat(),
        "ballot_stored": plausible and Ballot.objects.filter(election=e, receipt=code).exists(),
    }


# --- Paper ballots: the election team and the count per box ----------------------------------------


class TeamIn(InSchema):
    head: str = Field(max_length=200)
    members: list[str] = Field(max_length=30)


@router.post(
    "/elections/{int:pk}/team",
    response=ElectionOut,
    openapi_extra=api_access("meetings.run_election"),
    summary="Name the election team (head and members) of a paper election",
)
def election_team(request: HttpRequest, pk: int, payload: TeamIn) -> ElectionOut:
    e = election_for(request.user, pk, "meetings.run_election")
    return _eout(
        services.election_team_set(actor=request.user, election=e, head=payload.head, members=payload.members)
    )


class PaperBoxIn(InSchema):
    kind: str = Field("main", max_length=8, description="main or extra (mobile)")
    label: str = Field(max_length=100)
    issued: int = Field(ge=0, le=1_000_000)
    returned: int = Field(ge=0, le=1_000_000)
    valid: int = Field(ge=0, le=1_000_000)
    invalid: int = Field(ge=0, le=1_000_000)
    votes: dict[int, int] = Field(default_factory=dict, description="candidate id → votes in this box")


@router.post(
    "/elections/{int:pk}/boxes",
    response={201: PaperBoxOut},
    openapi_extra=api_access("meetings.run_election"),
    summary="Enter (or correct before the tally) the election team's count of one ballot box",
)
def paper_box(request: HttpRequest, pk: int, payload: PaperBoxIn) -> Status[PaperBoxOut]:
    return Status(201, box_record(request, election_for(request.user, pk, "meetings.run_election"), payload))


def box_record(request: HttpRequest, election: Election, payload: PaperBoxIn) -> PaperBoxOut:
    """One box's count through the service; shared with the elections other modules hold
    (workplaces' conferences), which reach the election through their own getter."""
    count = services.PaperCount(**{**payload.dict(), "votes": dict(payload.votes)})
    return PaperBoxOut.from_orm(services.paper_box_record(actor=request.user, election=election, count=count))

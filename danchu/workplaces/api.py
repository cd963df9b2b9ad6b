"""/api/v1/workplaces: units a person sees, one unit's conferences and dialogues, recording a
conference (convene, attendance; its resolutions in api_resolutions.py), and a steering
committee's compliance figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from danchu.accounts.queries import account_by_contact
from danchu.core.access import SIGNED_IN, STAFF, api_access
from danchu.core.api import InSchema
from danchu.core.errors import DomainError
from danchu.core.paging import LIMIT, OFFSET, page_of
from danchu.meetings import services as meetings
from danchu.meetings.api.elections import PaperBoxIn, PaperBoxOut, box_record  # one counted box
from danchu.steering.permissions import committee_for

from . import elections, queries, services
from .api_resolutions import router as resolutions_router
from .models import Conference
from .permissions import conference_for, election_for, unit_for

router = Router(tags=["workplaces"])
router.add_router("", resolutions_router)


class UnitOut(Schema):
    id: int
    code: str
    name: str
    unit_type: str
    ownership: str
    employees: int
    dispersed: bool
    place_code: str


class WorkplaceConferenceOut(Schema):
    id: int
    unit_id: int
    kind: str
    year: int
    status: str
    planned_on: dt.date
    held_on: dt.date | None
    delegates_convened: int
    delegates_present: int | None
    quorum_met: bool
    contents_done: list[str]


class ConveneIn(InSchema):
    year: int
    planned_on: dt.date
    delegates_convened: int
    venue: str = ""
    extraordinary: bool = False


class HoldIn(InSchema):
    held_on: dt.date
    delegates_present: int
    contents_done: list[str] = []
    chair: str = ""
    secretary: str = ""
    proceedings: str = ""


class FigureOut(Schema):
    label: str
    held: int
    total: int


class ComplianceOut(Schema):
    year: int
    figures: list[FigureOut]
    missing: list[str]
    without_dialogue: list[str]


def _unit_out(u: object) -> UnitOut:
    return UnitOut(
        id=u.pk,  # type: ignore[attr-defined]
        code=u.code,  # type: ignore[attr-defined]
        name=u.name,  # type: ignore[attr-defined]
        unit_type=u.unit_type,  # type: ignore[attr-defined]
        ownership=u.ownership,  # type: ignore[attr-defined]
        employees=u.employees,  # type: ignore[attr-defined]
        dispersed=u.dispersed,  # type: ignore[attr-defined]
        place_code=u.place.code,  # type: ignore[attr-defined]
    )


def _conf_out(c: Conference) -> WorkplaceConferenceOut:
    return WorkplaceConferenceOut(
        id=c.pk,
        unit_id=c.unit_id,
        kind=c.kind,
        year=c.year,
        status=c.status,
        planned_on=c.planned_on,
        held_on=c.held_on,
        delegates_convened=c.delegates_convened,
        delegates_present=c.delegates_present,
        quorum_met=c.quorum_met,
        contents_done=list(c.contents_done),
    )


@router.get("/units", response=list[UnitOut], openapi_extra=api_access(STAFF), summary="Units")
def units(
    request: HttpRequest, response: HttpResponse, limit: int = LIMIT, offset: int = OFFSET
) -> list[UnitOut]:
    """A page of the units the person sees (`X-Total-Count` has them all; `Link: rel="next"` the next)."""
    ordered = queries.in_vietnamese_order(queries.visible_units(request.user))
    return [_unit_out(u) for u in page_of(request, response, ordered, limit, offset)]


@router.get("/units/{pk}", response=UnitOut, openapi_extra=api_access("workplaces.view"), summary="A unit")
def unit(request: HttpRequest, pk: int) -> UnitOut:
    return _unit_out(unit_for(request.user, pk))


@router.get(
    "/units/{pk}/conferences",
    response=list[WorkplaceConferenceOut],
    openapi_extra=api_access("workplaces.view"),
    summary="A unit's conferences",
)
def unit_conferences(request: HttpRequest, pk: int) -> list[WorkplaceConferenceOut]:
    u = unit_for(request.user, pk)
    return [_conf_out(c) for c in u.conferences.select_related("rule")]


@router.post(
    "/units/{pk}/conferences",
    response={201: WorkplaceConferenceOut},
    openapi_extra=api_access("workplaces.manage"),
    summary="Convene a conference",
)
def convene(request: HttpRequest, pk: int, payload: ConveneIn) -> Status[WorkplaceConferenceOut]:
    u = unit_for(request.user, pk, "workplaces.manage")
    c = services.conference_convene(actor=request.user, unit=u, **payload.dict())
    return Status(201, _conf_out(c))


@router.post(
    "/conferences/{pk}/held",
    response=WorkplaceConferenceOut,
    openapi_extra=api_access("workplaces.manage_conference"),
    summary="Record attendance and contents",
)
def hold(request: HttpRequest, pk: int, payload: HoldIn) -> WorkplaceConferenceOut:
    c = conference_for(request.user, pk, "workplaces.manage_conference")
    return _conf_out(services.conference_hold(actor=request.user, conference=c, **payload.dict()))


@router.get(
    "/committees/{pk}/compliance",
    response=ComplianceOut,
    openapi_extra=api_access("steering.view"),
    summary="Compliance of a steering committee's units in a year",
)
def compliance(request: HttpRequest, pk: int, year: int) -> ComplianceOut:
    committee = committee_for(request.user, pk)
    if not 2000 <= year <= dt.date.today().year + 1:
        raise DomainError(_("The year is not valid."))
    report = queries.compliance(committee.place, year)
    return ComplianceOut(
        year=year,
        figures=[FigureOut(label=str(f.label), held=f.held, total=f.total) for f in report.figures()],
        missing=[r.unit.code for r in report.missing],
        without_dialogue=[r.unit.code for r in report.without_dialogue],
    )


# --- The People's Inspection Board elected at a conference (meetings' secret ballot) ---------------


class DelegateIn(InSchema):
    person: str = Field(max_length=254, description="the phone number or e-mail of the delegate's account")


class BoardElectionIn(InSchema):
    candidates: list[str] = Field(max_length=50)
    seats: int = Field(ge=1, le=20)
    paper: bool = Field(False, description="paper ballots counted per box by the vote-counting team")


class BoardCandidateOut(Schema):
    id: int
    full_name: str
    elected: bool


class SeatingOut(Schema):
    name: str
    status: str = Field(
        description="seated, no_sign_in (seated; had no account, one without sign-in was recorded), "
        "ended, closed (not seated: account closed), no_board, not_seated"
    )
    member_id: int | None


class BoardElectionOut(Schema):
    id: int
    conference_id: int
    office: str
    election_day: dt.date
    status: str
    seats: int
    paper: bool
    roster_size: int | None
    majority_base: int | None
    candidates: list[BoardCandidateOut]
    team_head: str
    team: list[str]
    boxes: list[PaperBoxOut]
    tally: dict[str, Any]
    seating: list[SeatingOut] = Field(
        default_factory=list, description="After recognition: each winner, seated on the board or not"
    )


class VoterBallotIn(InSchema):
    choices: list[int] = Field(max_length=50)


class ReceiptOut(Schema):
    receipt: str


class TeamIn(InSchema):
    head: str = Field(max_length=200)
    members: list[str] = Field(max_length=30)


def _election_out(e: Any) -> BoardElectionOut:
    done = e.status in ("tallied", "recognised", "failed")
    return BoardElectionOut(
        id=e.pk,
        conference_id=e.electorate_ref,
        office=e.office,
        election_day=e.election_day,
        status=e.status,
        seats=e.seats,
        paper=e.paper,
        roster_size=e.roster_size,
        majority_base=e.majority_base,
        candidates=[
            BoardCandidateOut(id=c.pk, full_name=c.full_name, elected=c.elected) for c in e.candidates.all()
        ],
        team_head=e.team_head,
        team=list(e.team),
        boxes=[
            PaperBoxOut(
                kind=b.kind,
                label=b.label,
                issued=b.issued,
                returned=b.returned,
                valid=b.valid,
                invalid=b.invalid,
                votes=b.votes,
            )
            for b in e.paper_boxes.order_by("kind", "label")
        ],
        tally=e.tally if done else {},
        seating=[
            SeatingOut(name=r["name"], status=r["status"], member_id=r["seat"].pk if r["seat"] else None)
            for r in elections.seating(e)
        ],
    )


@router.post(
    "/conferences/{pk}/delegates",
    response={201: dict},
    openapi_extra=api_access("workplaces.manage_conference"),
    summary="List a delegate present who votes online",
)
def delegate_add(request: HttpRequest, pk: int, payload: DelegateIn) -> Status[dict]:
    c = conference_for(request.user, pk, "workplaces.manage_conference")
    person = account_by_contact(payload.person)
    d = elections.delegate_add(actor=request.user, conference=c, person=person)
    return Status(201, {"id": d.pk, "person_id": person.pk})


@router.get(
    "/conferences/{pk}/elections",
    response=list[BoardElectionOut],
    openapi_extra=api_access("workplaces.view_conference"),
    summary="The elections held at a conference",
)
def conference_elections(request: HttpRequest, pk: int) -> list[BoardElectionOut]:
    c = conference_for(request.user, pk)
    return [_election_out(e) for e in queries.conference_elections(c)]


@router.post(
    "/conferences/{pk}/elections",
    response={201: BoardElectionOut},
    openapi_extra=api_access("workplaces.manage_conference"),
    summary="Put the election of the unit's People's Inspection Board to the conference",
)
def board_elect(request: HttpRequest, pk: int, payload: BoardElectionIn) -> Status[BoardElectionOut]:
    c = conference_for(request.user, pk, "workplaces.manage_conference")
    e = elections.inspection_board_elect(actor=request.user, conference=c, **payload.dict())
    return Status(201, _election_out(e))


@router.get(
    "/elections/{pk}",
    response=BoardElectionOut,
    openapi_extra=api_access(SIGNED_IN),
    summary="A People's Inspection Board election at a conference",
)
def election_get(request: HttpRequest, pk: int) -> BoardElectionOut:
    return _election_out(election_for(request.user, pk))


@router.post(
    "/elections/{pk}/ballots",
    response={201: ReceiptOut},
    openapi_extra=api_access(SIGNED_IN),
    summary="Cast a delegate's secret ballot (returns the receipt code)",
)
def election_ballot(request: HttpRequest, pk: int, payload: VoterBallotIn) -> Status[ReceiptOut]:
    e = election_for(request.user, pk)
    return Status(
        201,
        ReceiptOut(
            receipt=meetings.voter_ballot_cast(person=request.user, election=e, choices=payload.choices)
        ),
    )


def _step(name: str, summary: str, who: str) -> None:
    def run(request: HttpRequest, pk: int) -> BoardElectionOut:
        e = election_for(request.user, pk, who)
        return _election_out(getattr(meetings, name)(actor=request.user, election=e))

    run.__name__ = f"conference_{name}"
    router.post(
        "/elections/{pk}/" + name.split("_", 1)[1],
        response=BoardElectionOut,
        openapi_extra=api_access(who),
        summary=summary,
    )(run)


_step("election_open", "Open the vote", "meetings.run_election")
_step("election_close", "Close the vote", "meetings.run_election")
_step("election_tally", "Tally (only after the vote closes)", "meetings.run_election")
_step("election_recognise", "Recognise the result (the unit's trade union)", "meetings.recognise")


@router.post(
    "/elections/{pk}/team",
    response=BoardElectionOut,
    openapi_extra=api_access("meetings.run_election"),
    summary="Name the vote-counting team of a paper election",
)
def election_team(request: HttpRequest, pk: int, payload: TeamIn) -> BoardElectionOut:
    e = election_for(request.user, pk, "meetings.run_election")
    return _election_out(
        meetings.election_team_set(actor=request.user, election=e, head=payload.head, members=payload.members)
    )


@router.post(
    "/elections/{pk}/boxes",
    response={201: PaperBoxOut},
    openapi_extra=api_access("meetings.run_election"),
    summary="Enter (or correct before the tally) the count of one ballot box",
)
def election_box(request: HttpRequest, pk: int, payload: PaperBoxIn) -> Status[PaperBoxOut]:
    return Status(201, box_record(request, election_for(request.user, pk, "meetings.run_election"), payload))

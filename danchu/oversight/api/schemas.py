"""Schemas of the oversight API and the functions that fill them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from danchu.core.api import InSchema

from .. import queries
from ..models import Board, Matter, Plan, Recommendation, Supervision

HANDLE = "oversight.handle_matter"


class MemberOut(Schema):
    id: int
    name: str
    position: str
    position_since: dt.date | None = Field(
        None, description="The day a unit's board chose this head or deputy head (empty for a member)"
    )
    village: str | None = Field(None, description="The village that elected the member (a commune's board)")
    elected_on: dt.date
    election: str
    recognised_on: dt.date | None
    phone: str | None


class PlanOut(Schema):
    id: int
    period: str
    year: int
    number: int
    title: str
    objectives: str
    contents: str
    start_on: dt.date
    end_on: dt.date
    budget: int
    version: int


class BoardOut(Schema):
    id: int
    name: str
    place_code: str
    unit: bool = Field(False, description="The board of an agency, public service unit or enterprise")
    size: int
    term_from: dt.date | None
    term_to: dt.date | None
    members: list[MemberOut]


class RecommendationOut(Schema):
    id: int
    addressee: str
    content: str
    made_on: dt.date
    due_on: dt.date
    status: str
    answer: str
    answered_on: dt.date | None
    answered_on_time: bool | None
    follow_up: str
    resolution: str
    resolved_on: dt.date | None


class MatterOut(Schema):
    id: int
    code: str
    board_id: int
    title: str
    description: str
    channel: str
    received_on: dt.date
    status: str
    forwarded_to: str
    forwarded_case: str
    plan_sent_on: dt.date | None
    planned_start: dt.date | None
    started_on: dt.date | None
    findings: str
    signs_of_violation: bool
    concluded_on: dt.date | None
    recommended_on: dt.date | None
    resolved_on: dt.date | None
    reported_on: dt.date | None
    public: bool
    recommendations: list[RecommendationOut]


class SupervisionOut(Schema):
    id: int
    front_id: int
    title: str
    topic: str
    supervised_body: str
    plan: str
    planned_from: dt.date
    planned_to: dt.date
    status: str
    findings: str
    concluded_on: dt.date | None
    recommendations: list[RecommendationOut]


class PublicRecommendationOut(Schema):
    addressee: str
    content: str
    made_on: dt.date
    due_on: dt.date
    answered: bool
    answer: str
    answered_on: dt.date | None
    resolved_on: dt.date | None


class PublicFindingOut(Schema):
    code: str
    title: str
    concluded_on: dt.date | None
    findings: str
    signs_of_violation: bool
    recommendations: list[PublicRecommendationOut]


class PublicBoardOut(BoardOut):
    contact: str
    year: int
    plans: list[PlanOut]
    findings: list[PublicFindingOut]


def _public_finding(m: Matter) -> PublicFindingOut:
    return PublicFindingOut(
        code=m.code,
        title=m.title,
        concluded_on=m.concluded_on,
        findings=m.findings,
        signs_of_violation=m.signs_of_violation,
        recommendations=[
            PublicRecommendationOut(
                addressee=r.addressee,
                content=r.content,
                made_on=r.made_on,
                due_on=r.due_on,
                answered=r.answered_on is not None,
                answer=r.answer if r.answered_on else "",
                answered_on=r.answered_on,
                resolved_on=r.resolved_on,
            )
            for r in m.recommendations.all()
        ],
    )


def _public_board(b: Board, year: int) -> PublicBoardOut:
    return PublicBoardOut(
        **_board(b, public=True).model_dump(),
        contact=b.contact,
        year=year,
        plans=[_plan(p) for p in queries.plans_of_year(b, year)],
        findings=[_public_finding(m) for m in queries.public_matters(b)],  # all: a board's few a year
    )


def _member(m: Any, *, public: bool) -> MemberOut:
    show_phone = m.public_phone or not public
    return MemberOut(
        id=m.pk,
        name=m.person.full_name,
        position=m.position,
        position_since=m.position_since,
        village=m.village.name if m.village_id else None,
        elected_on=m.elected_on,
        election=m.election,
        recognised_on=m.recognised_on,
        phone=m.person.phone if show_phone else None,
    )


def _board(b: Board, *, public: bool = False) -> BoardOut:
    return BoardOut(
        id=b.pk,
        name=b.body.name,
        place_code=b.body.place.code,
        unit=b.is_unit,
        size=b.size,
        term_from=b.term_from,
        term_to=b.term_to,
        members=[_member(m, public=public) for m in queries.active_members(b)],
    )


def _plan(p: Plan) -> PlanOut:
    return PlanOut.model_validate(p, from_attributes=True)


def _rec(r: Recommendation, *, record: bool = True) -> RecommendationOut:
    """`record`: whether the reader reads the record of the matter or supervision; the follow-up
    notes are the board's or the Front's working record, not published with the findings."""
    data = RecommendationOut.model_validate(r, from_attributes=True)
    if not record:
        data.follow_up = ""
    return data


# What a reader who does not read a matter's record sees of it: its published findings (the public
# page's fields), never what was reported, the classification or the plan (permissions.reads_matter_record).
RECORD_ONLY = ("forwarded_to", "forwarded_case", "plan_sent_on", "planned_start", "started_on", "reported_on")


def _matter(m: Matter, *, record: bool = True, words: bool = True) -> MatterOut:
    """The matter for the API; `record` and `words`: whether the reader reads its record and what was
    reported (the handlers and writers do; GETs ask the permissions)."""
    values = {f: getattr(m, f) for f in MatterOut.model_fields if f != "recommendations"}
    if not words:
        values["description"] = ""
    if not record:
        values.update({f: "" if f in ("forwarded_to", "forwarded_case") else None for f in RECORD_ONLY})
    data = MatterOut.model_validate({**values, "recommendations": []})
    data.recommendations = [_rec(r, record=record) for r in m.recommendations.all()]
    return data


def _supervision(s: Supervision, *, record: bool = True) -> SupervisionOut:
    data = SupervisionOut.model_validate(
        {
            **{f: getattr(s, f) for f in SupervisionOut.model_fields if f != "recommendations"},
            "recommendations": [],
        }
    )
    data.recommendations = [_rec(r, record=record) for r in s.recommendations.all()]
    return data


class OnIn(InSchema):
    on: dt.date | None = None


class RecommendIn(InSchema):
    addressee: str = Field(max_length=300)
    content: str = Field(max_length=10000)
    due_on: dt.date | None = None

"""A board's matters, from receipt to the report to the Front."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from danchu.cases.receipts import shown
from danchu.core.access import api_access, can
from danchu.core.api import InSchema
from danchu.core.errors import DomainError
from danchu.core.idempotency import idempotent
from danchu.core.paging import LIMIT, OFFSET, page_of
from danchu.core.schema import Text, UnreadColumns

from .. import queries, services
from ..importing import matters_import
from ..models import Matter
from ..permissions import (
    active_member_for,
    board_for,
    matter_for,
    public_commune,
    reads_reported_words,
)
from .schemas import (
    HANDLE,
    MatterOut,
    OnIn,
    RecommendationOut,
    RecommendIn,
    _matter,
    _rec,
)

router = Router(tags=["oversight"])

# --- Matters --------------------------------------------------------------------------------------


class ImportOut(Schema):
    imported: int
    codes: list[str]
    skipped: list[str]
    unread_columns: UnreadColumns


@router.post(
    "/boards/{pk}/import",
    response={201: ImportOut},
    openapi_extra=api_access("oversight.work"),
    summary="Import past matters from XLSX or CSV (all rows or none unless skip_bad_rows; errors by line)",
)
def import_matters(
    request: HttpRequest, pk: int, file: File[UploadedFile], skip_bad_rows: Form[bool] = False
) -> Status[ImportOut]:
    b = board_for(request.user, pk, "oversight.work")
    result = matters_import(actor=request.user, board=b, file=file, skip_bad_rows=skip_bad_rows)
    return Status(
        201,
        ImportOut(
            imported=len(result.matters),
            codes=[m.code for m in result.matters],
            skipped=[str(e) for e in result.skipped],
            unread_columns=result.unread_columns,
        ),
    )


class MatterIn(InSchema):
    title: str = Field(max_length=255)
    description: str = Field(max_length=10000)
    channel: str = Field(max_length=20)
    received_on: dt.date | None = None
    village_code: Text = Field("", max_length=20)
    reporter_name: str = Field("", max_length=200)
    reporter_contact: str = Field("", max_length=100)
    case_reference: str = Field("", max_length=40)


@router.get(
    "/boards/{pk}/matters",
    response=list[MatterOut],
    openapi_extra=api_access("oversight.read_board"),
    summary="A board's matters",
)
def matters(
    request: HttpRequest,
    response: HttpResponse,
    pk: int,
    status: str = "",
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> list[MatterOut]:
    b = board_for(request.user, pk)
    qs = b.matters.prefetch_related("recommendations")
    if status:
        if status not in Matter.Status.values:
            raise DomainError(
                _("Unknown status: choose one of %(statuses)s.")
                % {"statuses": ", ".join(Matter.Status.values)}
            )
        qs = qs.filter(status=status)
    handles = can(request.user, "oversight.work", b)  # the board's own members handle its matters
    return [
        _matter(m, words=reads_reported_words(request.user, m, handles=handles))
        for m in page_of(request, response, qs, limit, offset)
    ]


@router.post(
    "/boards/{pk}/matters",
    response={201: MatterOut},
    openapi_extra=api_access("oversight.work"),
    summary="Record a matter",
)
@idempotent
def matter_receive(request: HttpRequest, pk: int, payload: MatterIn) -> Status[MatterOut]:
    b = board_for(request.user, pk, "oversight.work")
    data = payload.dict()
    code = data.pop("village_code")
    village = queries.village_of(b.body.place, code) if code else None
    m = services.matter_receive(
        actor=request.user, board=b, data=services.MatterData(village=village, **data)
    )
    return Status(201, _matter(m))


@router.get(
    "/matters/{pk}", response=MatterOut, openapi_extra=api_access("oversight.view_matter"), summary="A matter"
)
def matter(request: HttpRequest, pk: int) -> MatterOut:
    m = matter_for(request.user, pk)
    return _matter(
        m,
        record=can(request.user, "oversight.read_matter_record", m),
        words=reads_reported_words(request.user, m),
    )


class ClassifyIn(InSchema):
    in_scope: bool
    forwarded_to: str = Field("", max_length=300)
    note: str = Field("", max_length=2000)
    # Outside the scope: filed with the commune People's Committee as the board's petition (its
    # tracking code in `forwarded_case`; forwarded_to may then be empty).
    file_as_case: bool = False


@router.post(
    "/matters/{pk}/classify",
    response=MatterOut,
    openapi_extra=api_access(HANDLE),
    summary="Classify a matter",
)
def matter_classify(request: HttpRequest, pk: int, payload: ClassifyIn) -> MatterOut:
    m = services.matter_classify(
        actor=request.user, matter=matter_for(request.user, pk, HANDLE), **payload.dict()
    )
    return _matter(m)


class InterestIn(InSchema):
    note: str = Field(max_length=300)


@router.post(
    "/matters/{pk}/interest",
    response={201: dict},
    openapi_extra=api_access(HANDLE),
    summary="Declare an interest",
)
def interest_declare(request: HttpRequest, pk: int, payload: InterestIn) -> Status[dict]:
    i = services.interest_declare(
        actor=request.user, matter=matter_for(request.user, pk, HANDLE), note=payload.note
    )
    return Status(201, {"id": i.pk, "declared_on": i.declared_on.isoformat()})


class OversightAssignIn(InSchema):
    member_id: int


@router.post(
    "/matters/{pk}/handlers", response=MatterOut, openapi_extra=api_access(HANDLE), summary="Assign a member"
)
def matter_assign(request: HttpRequest, pk: int, payload: OversightAssignIn) -> MatterOut:
    m = matter_for(request.user, pk, HANDLE)
    member = active_member_for(request.user, m, payload.member_id)
    return _matter(services.matter_assign(actor=request.user, matter=m, member=member))


class PlanSendIn(InSchema):
    inspected_party: str = Field(max_length=300)
    plan: str = Field(max_length=10000)
    planned_start: dt.date
    sent_on: dt.date | None = None


@router.post(
    "/matters/{pk}/plan",
    response=MatterOut,
    openapi_extra=api_access(HANDLE),
    summary="Send the inspection plan",
)
def inspection_plan_send(request: HttpRequest, pk: int, payload: PlanSendIn) -> MatterOut:
    m = services.inspection_plan_send(
        actor=request.user, matter=matter_for(request.user, pk, HANDLE), **payload.dict()
    )
    return _matter(m)


@router.post(
    "/matters/{pk}/start",
    response=MatterOut,
    openapi_extra=api_access(HANDLE),
    summary="Start the inspection",
)
def inspection_start(request: HttpRequest, pk: int, payload: OnIn) -> MatterOut:
    return _matter(
        services.inspection_start(
            actor=request.user, matter=matter_for(request.user, pk, HANDLE), on=payload.on
        )
    )


class DocumentsIn(InSchema):
    addressed_to: str = Field(max_length=300)
    documents: str = Field(max_length=5000)
    due_on: dt.date | None = None


@router.post(
    "/matters/{pk}/documents",
    response={201: dict},
    openapi_extra=api_access(HANDLE),
    summary="Request documents",
)
@idempotent
def documents_request(request: HttpRequest, pk: int, payload: DocumentsIn) -> Status[dict]:
    r = services.documents_request(
        actor=request.user, matter=matter_for(request.user, pk, HANDLE), **payload.dict()
    )
    return Status(201, {"id": r.pk, "due_on": r.due_on.isoformat()})


class ConcludeIn(InSchema):
    findings: str = Field(max_length=20000)
    signs_of_violation: bool
    public: bool = False


@router.post(
    "/matters/{pk}/conclude",
    response=MatterOut,
    openapi_extra=api_access(HANDLE),
    summary="Record the conclusion",
)
def matter_conclude(request: HttpRequest, pk: int, payload: ConcludeIn) -> MatterOut:
    return _matter(
        services.matter_conclude(
            actor=request.user, matter=matter_for(request.user, pk, HANDLE), **payload.dict()
        )
    )


@router.post(
    "/matters/{pk}/recommendations",
    response={201: RecommendationOut},
    openapi_extra=api_access(HANDLE),
    summary="Recommend",
)
@idempotent
def recommendation_make(request: HttpRequest, pk: int, payload: RecommendIn) -> Status[RecommendationOut]:
    r = services.recommendation_make(
        actor=request.user, matter=matter_for(request.user, pk, HANDLE), **payload.dict()
    )
    return Status(201, _rec(r))


class FindingsPublishIn(InSchema):
    public: bool


@router.post(
    "/matters/{pk}/publish",
    response=MatterOut,
    openapi_extra=api_access(HANDLE),
    summary="Publish a concluded matter's findings on the commune's page, or withdraw them",
)
def matter_publish(request: HttpRequest, pk: int, payload: FindingsPublishIn) -> MatterOut:
    m = matter_for(request.user, pk, HANDLE)
    return _matter(services.matter_publish(actor=request.user, matter=m, public=payload.public))


class ReportIn(InSchema):
    report: str = Field(max_length=20000)


@router.post(
    "/matters/{pk}/report",
    response=MatterOut,
    openapi_extra=api_access(HANDLE),
    summary="Report to the Front",
)
def matter_report(request: HttpRequest, pk: int, payload: ReportIn) -> MatterOut:
    return _matter(
        services.matter_report(
            actor=request.user, matter=matter_for(request.user, pk, HANDLE), report=payload.report
        )
    )


class InspectionInformationIn(InSchema):
    title: str = Field(max_length=200)
    description: str = Field(max_length=5000)
    village_code: Text = Field("", max_length=20)


class InspectionInformationOut(Schema):
    tracking_code: str = Field(description="The case's tracking code: follow it at /cases/track/{code}/")
    receipt_key: str = Field(
        description="The informant's secret key, given only here and in the messages about the case: with the "
        "tracking code it opens the case's content (GET /api/v1/cases/track/{code}?key=…)"
    )
    matter: str = Field(description="The number of the board's matter")


@router.post(
    "/communes/{code}/information",
    response={201: InspectionInformationOut},
    openapi_extra=api_access("oversight.send_information"),
    summary="Send information to the commune's board (becomes a tracked case and a matter of the board)",
)
@idempotent
def information_send(
    request: HttpRequest, code: str, payload: InspectionInformationIn
) -> Status[InspectionInformationOut]:
    place = public_commune(code)
    b = queries.board_of_place(place)
    if b is None:
        raise Http404
    village = queries.village_of(place, payload.village_code) if payload.village_code else None
    sent = services.information_send(
        person=request.user,
        board=b,
        title=payload.title,
        description=payload.description,
        village=village,
        channel="api",
    )
    out = InspectionInformationOut(
        tracking_code=sent.tracking_code,
        receipt_key=shown(sent.receipt_key),
        matter=sent.matter.code,
    )
    return Status(201, out)

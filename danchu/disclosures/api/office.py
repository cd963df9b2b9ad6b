"""Staff: the disclosures of their units — create, edit, publish, correct, withdraw, attach, proofs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Status
from ninja.files import UploadedFile

from danchu.core.access import api_access

from .. import queries, services
from ..permissions import MANAGE, clean, disclosure_for, proof_for, unit_for
from .base import ERRORS, caller, page, publisher, router, villages_of
from .out import att_out, detail, office_detail, out, proof_out, with_proofs
from .schemas import (
    AttachmentOut,
    CorrectIn,
    DisclosureDetailOut,
    DisclosureIn,
    DraftIn,
    OfficeDisclosureOut,
    PageOut,
    ProofOut,
    PublishIn,
    WithdrawIn,
)


def _draft(person: Any, place: Any, payload: DisclosureIn | DraftIn) -> services.Draft:
    return services.Draft(
        category=payload.category,
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        legal_basis=payload.legal_basis,
        issuing_unit=payload.issuing_unit,
        villages=villages_of(person, place, payload.villages or []),
        voice=payload.voice,
    )


@router.get(
    "/office/items",
    response={200: PageOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="The disclosures of the units the caller publishes for (every status)",
)
def office_list(
    request: HttpRequest, status: str | None = None, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    limit, offset = page(limit, offset)
    qs = queries.office_list(publisher(request), status=clean(status))
    return {"count": qs.count(), "items": [out(d) for d in qs[offset : offset + limit]]}


@router.post(
    "/office/items",
    response={201: DisclosureDetailOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Create a draft",
)
def create(request: HttpRequest, payload: DisclosureIn) -> Status:
    person = caller(request)
    place = unit_for(person, payload.place, MANAGE)
    d = services.disclosure_create(actor=person, place=place, draft=_draft(person, place, payload))
    return Status(201, detail(d))


@router.get(
    "/office/items/{pk}",
    response={200: OfficeDisclosureOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="A disclosure of the caller's unit, in any status, with its proofs of posting and how many "
    "days it was posted at each place",
)
def office_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return office_detail(disclosure_for(caller(request), pk, MANAGE))


@router.put(
    "/office/items/{pk}",
    response={200: DisclosureDetailOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Edit a draft (without villages: the audience stays as it is)",
)
def update(request: HttpRequest, pk: int, payload: DraftIn) -> dict[str, Any]:
    person = caller(request)
    d = disclosure_for(person, pk, MANAGE)
    d = services.disclosure_update(
        actor=person,
        disclosure=d,
        draft=_draft(person, d.place, payload),
        villages=payload.villages is not None,
    )
    return detail(d)


@router.post(
    "/office/items/{pk}/publish",
    response={200: DisclosureDetailOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Publish now or schedule",
)
def publish(request: HttpRequest, pk: int, payload: PublishIn) -> dict[str, Any]:
    person = caller(request)
    d = services.disclosure_publish(
        actor=person,
        disclosure=disclosure_for(person, pk, MANAGE),
        publish_at=payload.publish_at,
        posting_start=payload.posting_start,
        posting_end=payload.posting_end,
        period_key=payload.period_key,
    )
    d.refresh_from_db()
    return detail(d)


@router.post(
    "/office/items/{pk}/correct",
    response={200: DisclosureDetailOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Publish a correction as a new version",
)
def correct(request: HttpRequest, pk: int, payload: CorrectIn) -> dict[str, Any]:
    person = caller(request)
    d = services.disclosure_correct(
        actor=person,
        disclosure=disclosure_for(person, pk, MANAGE),
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        note=payload.note,
    )
    d.refresh_from_db()
    return detail(d)


@router.post(
    "/office/items/{pk}/withdraw",
    response={200: DisclosureDetailOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Withdraw (a reason is required; nothing is deleted)",
)
def withdraw(request: HttpRequest, pk: int, payload: WithdrawIn) -> dict[str, Any]:
    person = caller(request)
    d = services.disclosure_withdraw(
        actor=person, disclosure=disclosure_for(person, pk, MANAGE), reason=payload.reason
    )
    return detail(d)


@router.post(
    "/office/items/{pk}/attachments",
    response={201: AttachmentOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Attach a file (checked by content: PDF, DOCX, XLSX, images; images lose their metadata)",
)
def attach(request: HttpRequest, pk: int, file: UploadedFile = File(...)) -> Status:  # noqa: B008
    person = caller(request)
    a = services.attachment_add(
        actor=person,
        disclosure=disclosure_for(person, pk, MANAGE),
        file=file,
        name=file.name or "file",
        size=file.size or 0,
    )
    return Status(201, att_out(a))


@router.get(
    "/office/items/{pk}/proofs",
    response={200: list[ProofOut], **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Proofs of posting of a disclosure (notice-board photos, loudspeaker broadcasts, take-downs)",
)
def list_proofs(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    d = with_proofs(disclosure_for(publisher(request), pk, MANAGE))
    return [proof_out(p) for p in d.proofs.all()]


@router.post(
    "/office/items/{pk}/proofs",
    response={201: ProofOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Record a proof of posting (multipart): a notice-board posting needs a photo, checked by "
    "content (JPEG, PNG, WebP, GIF) and stored without its metadata; a loudspeaker broadcast needs its time",
)
def add_proof(
    request: HttpRequest,
    pk: int,
    kind: str = Form(..., description="notice_board, loudspeaker or taken_down"),  # noqa: B008
    place: str = Form(..., description="code of the commune or one of its villages"),  # noqa: B008
    at: dt.datetime = Form(..., description="when it was posted, broadcast or taken down"),  # noqa: B008
    location: str = Form("", max_length=255),  # noqa: B008
    note: str = Form("", max_length=500),  # noqa: B008
    photo: UploadedFile | None = File(None),  # noqa: B008
) -> Status:
    person = publisher(request)
    d = disclosure_for(person, pk, MANAGE)
    if timezone.is_naive(at):
        at = timezone.make_aware(at)  # a time without offset is local (Asia/Ho_Chi_Minh)
    proof = services.ProofIn(
        kind=clean(kind),
        place=unit_for(person, place),
        at=at,
        location=location,
        note=note,
        photo=services.Upload(file=photo, name=photo.name or "photo", size=photo.size or 0)
        if photo
        else None,
    )
    p = services.proof_add(actor=person, disclosure=d, proof=proof)
    return Status(201, proof_out(proof_for(person, p.pk)))

"""Public reads: categories, published disclosures, search, documents, questions (and asking)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from danchu.core.access import PUBLIC, SIGNED_IN, api_access
from danchu.core.errors import DomainError

from .. import categories, queries, search, services
from ..models import Disclosure
from ..permissions import clean, disclosure_for, document_for, unit_for
from .base import ASK_ERRORS, READ_ERRORS, caller, page, router
from .out import (
    detail,
    doc_out,
    out,
    question_out,
)
from .schemas import (
    AskIn,
    CategoryOut,
    DisclosureDetailOut,
    DocumentOut,
    PageOut,
    QuestionOut,
    SearchOut,
)


@router.get(
    "/categories",
    response={200: list[CategoryOut]},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Disclosure categories with legal basis and minimum posting period",
)
def list_categories(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "name": str(c.name),
            "legal_basis": c.legal_basis,
            "min_posting_days": c.min_posting_days,
            "schedule": c.schedule,
        }
        for c in categories.ordered()
    ]


@router.get(
    "/",
    response={200: PageOut, **READ_ERRORS},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Published disclosures of a place (newest first)",
)
def list_disclosures(
    request: HttpRequest,
    place: str | None = None,
    category: str | None = None,
    on_board: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    limit, offset = page(limit, offset, most=100)
    qs: Any = Disclosure.objects.public()
    if place:
        qs = qs.for_place(unit_for(caller(request), place))
    if category:  # refused as the search refuses it: not an empty list, as if none had been published
        qs = qs.filter(category=services.category_or_error(clean(category)).code)
    if on_board:
        qs = qs.on_board()
    qs = queries.listing(qs).select_related("place")
    return {"count": qs.count(), "items": [out(d) for d in qs[offset : offset + limit]]}


@router.get(
    "/search",
    response={200: SearchOut, **READ_ERRORS},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Full-text search (diacritic- and case-insensitive) across disclosures and documents",
)
def search_disclosures(
    request: HttpRequest,
    q: str,
    place: str | None = None,
    category: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    limit, offset = page(limit, offset, most=100)
    if kind not in (None, "", "disclosure", "document"):
        raise DomainError(_("kind must be disclosure or document."))
    # Refused as the search page refuses them, never cut or ignored in silence.
    if len(q) > search.QUERY_MAX:
        raise DomainError(
            _("The search is too long: at most %(n)d characters.") % {"n": search.QUERY_MAX}, code="too_long"
        )
    if date_from and date_to and date_from > date_to:
        raise DomainError(_("The end date comes before the start date."), code="invalid")
    category = clean(category)
    if category:
        services.category_or_error(category)
    results = search.search(
        q,
        place=unit_for(caller(request), place) if place else None,
        category=category or None,
        date_from=date_from,
        date_to=date_to,
        kind=kind or None,
        limit=limit,
        offset=offset,
    )
    return {
        "query": results.query,
        "total": results.total,
        "engine": results.engine,
        "hits": [
            {
                "kind": h.kind,
                "id": h.object_id,
                "title": h.title,
                "snippet_html": str(h.snippet),
                "date": h.date,
                "category": h.category,
                "rank": h.rank,
                "url": h.url,
            }
            for h in results.hits
        ],
    }


@router.get(
    "/documents",
    response={200: list[DocumentOut]},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="The document registry (documents cited by disclosures)",
)
def list_documents(request: HttpRequest, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    limit, offset = page(limit, offset, most=200)
    return [doc_out(doc) for doc in queries.documents()[offset : offset + limit]]


@router.get(
    "/documents/{pk}",
    response={200: DocumentOut, **READ_ERRORS},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="One document",
)
def get_document(request: HttpRequest, pk: int) -> dict[str, Any]:
    return doc_out(document_for(caller(request), pk))


@router.get(
    "/{pk}",
    response={200: DisclosureDetailOut, **READ_ERRORS},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="One published disclosure with versions, files and documents",
)
def get_disclosure(request: HttpRequest, pk: int) -> dict[str, Any]:
    return detail(disclosure_for(caller(request), pk))


@router.get(
    "/{int:pk}/questions",
    response={200: list[QuestionOut], **READ_ERRORS},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Questions under a published disclosure that moderators approved, with their public answers",
)
def list_questions(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    return [question_out(q) for q in queries.public_questions(disclosure_for(caller(request), pk))]


@router.post(
    "/{int:pk}/questions",
    response={201: QuestionOut, **ASK_ERRORS},
    openapi_extra=api_access(SIGNED_IN),
    summary="Ask a question under a published disclosure (shown once a moderator approves it; "
    "5 per person per hour)",
)
def ask_question(request: HttpRequest, pk: int, payload: AskIn) -> Status:
    q = services.question_ask(
        actor=caller(request), disclosure=disclosure_for(caller(request), pk), text=payload.text
    )
    return Status(201, question_out(q))

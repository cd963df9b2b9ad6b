"""Reads for public pages, the back office and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from danchu.accounts.permissions import acting_places, readable_places
from danchu.places.models import Level, Place

from . import categories
from .models import Disclosure, DisclosureVersion, Document, Obligation, Question
from .permissions import COMMUNE_DISCLOSERS, COMPLIANCE_READERS

MAX_PK = 2**63 - 1


def valid_pk(pk: int) -> bool:
    """Ids from URLs are unbounded integers; the databases are not."""
    return 0 < pk <= MAX_PK


LIST_FIELDS = (
    "id",
    "place_id",
    "category",
    "title",
    "summary",
    "status",
    "published_at",
    "posting_start",
    "posting_end",
    "view_count",
    "version",
    "issuing_unit",
    "withdraw_reason",
    "audience_all",
)


def listing(qs: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    return qs.only(*LIST_FIELDS).order_by("-published_at", "-id")


def place_page(place: Place, *, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    base = (
        Disclosure.objects.for_place(place)
        if place.level >= Level.COMMUNE
        else Disclosure.objects.filter(place=place)
    )
    on_board = list(listing(base.on_board(today))[:30])
    latest = list(listing(base.public())[:10])
    counts = dict(base.public().values_list("category").annotate(n=Count("id")).values_list("category", "n"))
    by_category = [(c, counts[c.code]) for c in categories.ordered() if counts.get(c.code)]
    return {"on_board": on_board, "latest": latest, "by_category": by_category}


def archive(place: Place, *, year: int | None) -> tuple[list[int], QuerySet[Disclosure]]:
    base = Disclosure.objects.for_place(place).public()
    years = sorted({d.year for d in base.dates("published_at", "year")}, reverse=True)
    qs = listing(base)
    if year:
        qs = qs.filter(published_at__year=year)
    return years, qs


def versions(d: Disclosure) -> list[DisclosureVersion]:
    return list(
        d.versions.order_by("-number").only("id", "disclosure_id", "number", "title", "note", "created_at")
    )


def public_questions(d: Disclosure) -> list[Question]:
    return list(
        d.questions.filter(status__in=[Question.Status.APPROVED, Question.Status.ANSWERED])
        .select_related("asker")
        .order_by("asked_at")
    )


def citing(doc: Document) -> QuerySet[Disclosure]:
    return listing(Disclosure.objects.public().filter(citations__document=doc).select_related("place"))


def documents() -> QuerySet[Document]:
    return Document.objects.annotate(n=Count("citations")).order_by("-n", "-year", "symbol")


# --- Back office ------------------------------------------------------------------------------------


def managed_places(person: Any) -> list[Place]:
    return [p for p in acting_places(person, COMMUNE_DISCLOSERS) if p.level <= Level.COMMUNE]


def office_list(person: Any, *, status: str = "") -> QuerySet[Disclosure]:
    places = managed_places(person)
    qs = Disclosure.objects.filter(place__in=places).select_related("place")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at")


def failed_jobs(person: Any) -> QuerySet[Disclosure]:
    return office_list(person).filter(Q(audio_status="failed") | Q(poster_status="failed"))


def pending_questions(person: Any) -> QuerySet[Question]:
    """Questions of the person's units still waiting for staff: to moderate or to answer."""
    return office_questions(person).exclude(status__in=[Question.Status.ANSWERED, Question.Status.REJECTED])


def office_questions(person: Any, *, status: str = "") -> QuerySet[Question]:
    """Every question under the disclosures of the units the person publishes for, oldest first;
    `status` (a Question.Status value) narrows it."""
    qs = Question.objects.filter(disclosure__place__in=managed_places(person))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("disclosure", "asker").order_by("asked_at")


def obligations_of(place: Place, year: int) -> list[Obligation]:
    return list(
        Obligation.objects.filter(place=place, period_start__year=year)
        .select_related("met_by")
        .order_by("due_on", "category")
    )


def compliance_overview(person: Any, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Per readable commune: obligations due so far, met, met on time, overdue (the steering view)."""
    today = today or timezone.localdate()
    communes = readable_places(person, COMPLIANCE_READERS).filter(level=Level.COMMUNE)
    rows = (
        Obligation.objects.filter(place__in=communes, due_on__lte=today)
        .values("place_id", "place__name", "place__code")
        .annotate(
            due=Count("id"),
            met=Count("id", filter=Q(met_on__isnull=False)),
            overdue=Count("id", filter=Q(met_on__isnull=True)),
        )
        .order_by("-overdue", "place__name")
    )
    return [dict(r) for r in rows]


def overdue_obligations(person: Any, *, today: dt.date | None = None) -> QuerySet[Obligation]:
    today = today or timezone.localdate()
    communes = readable_places(person, COMPLIANCE_READERS).filter(level=Level.COMMUNE)
    return Obligation.objects.filter(
        place__in=communes, met_on__isnull=True, due_on__lt=today
    ).select_related("place")

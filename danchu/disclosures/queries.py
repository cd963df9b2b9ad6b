"""Reads for public pages, the back office and the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.functions import JSONObject, RowNumber
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from danchu.accounts.permissions import acting_places, readable_places
from danchu.core import sqlmemo
from danchu.core.paths import url_prefix
from danchu.core.text import one_of
from danchu.places.models import Level, Place

from . import categories
from .categories import CATEGORIES
from .models import Attachment, Citation, Disclosure, DisclosureVersion, Document, Obligation, Proof, Question
from .permissions import COMMUNE_DISCLOSERS, COMPLIANCE_READERS, committee_places

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


BOARD_SIZE = 30
LATEST_SIZE = 10


def place_page(place: Place, *, today: dt.date | None = None) -> dict[str, Any]:
    """The board, the latest items and the count per category in ONE query: window functions number
    the items overall, within "on the board today" and within each category, and only the rows a
    part of the page needs come back (filtering on windows: Django wraps the query)."""
    today = today or timezone.localdate()
    # Compiled once per worker and kind of place (core.sqlmemo): building and compiling this statement
    # took ten times what the database takes to answer it. A village reads its commune's items.
    village = place.level >= Level.COMMUNE and place.is_village and bool(place.parent_id)
    binds: dict[str, Any] = {"today": today, "place": place.parent_id if village else place.pk}
    if village:
        binds["village"] = place.pk
    rows: list[Any] = sqlmemo.objects(("disclosures.place_page", village), _place_rows, binds=binds)
    rows.sort(key=lambda d: d.n_overall)
    shown = [d for d in rows if d.n_overall <= LATEST_SIZE or (d.on_board and d.n_board <= BOARD_SIZE)]
    counts = {d.category: d.in_category for d in rows if d.n_category == 1}
    on_board = [d for d in shown if d.on_board]
    latest = [d for d in shown if d.n_overall <= LATEST_SIZE]
    url = category_url_prefix(place.code)
    by_category = [(c, counts[c.code], f"{url}{c.code}/") for c in categories.ordered() if counts.get(c.code)]
    return {"on_board": on_board, "latest": latest, "by_category": by_category}


def _place_rows(*, today: dt.date, place: int, village: int | None = None) -> QuerySet[Disclosure]:
    base = (  # a village reads its commune's items addressed to all or to it
        Disclosure.objects.for_place(Place(pk=village, parent_id=place, level=Level.VILLAGE))
        if village is not None
        else Disclosure.objects.filter(place_id=place)
    )
    newest = [F("published_at").desc(), F("id").desc()]
    board_q = Q(status=Disclosure.Status.PUBLISHED, posting_start__lte=today, posting_end__gte=today)
    board = Case(When(board_q, then=Value(1)), default=Value(0), output_field=IntegerField())
    return (
        listing(base.public())
        .annotate(
            on_board=board,
            n_overall=Window(RowNumber(), order_by=newest),
            n_board=Window(RowNumber(), partition_by=[board], order_by=newest),
            n_category=Window(RowNumber(), partition_by=[F("category")], order_by=newest),
            in_category=Window(Count("id"), partition_by=[F("category")]),
        )
        .filter(Q(n_overall__lte=LATEST_SIZE) | Q(on_board=1, n_board__lte=BOARD_SIZE) | Q(n_category=1))
    )


def category_url_prefix(code: str) -> str:
    return url_prefix("disclosures:category", "category", code=code)


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
    """The units the person publishes for: commune staff's communes, a steering committee member's
    own province or district (permissions.can_manage says the same of each)."""
    places = [p for p in acting_places(person, COMMUNE_DISCLOSERS) if p.level <= Level.COMMUNE]
    seen = {p.pk for p in places}
    for p in committee_places(person):
        if p.pk not in seen:
            seen.add(p.pk)
            places.append(p)
    return places


def office_list(
    person: Any, *, status: str = "", q: str = "", place: str = "", category: str = ""
) -> QuerySet[Disclosure]:
    """The disclosures of the units the person publishes for, newest first. `q` matches a number
    (the id), or words of the title or summary; `place` is a unit's code, `category` a code."""
    one_of(status, Disclosure.Status.values, label=_("Status"))
    one_of(category, CATEGORIES.keys(), label=_("Category"))
    places = managed_places(person)
    qs = Disclosure.objects.filter(place__in=places).select_related("place")
    if status:
        qs = qs.filter(status=status)
    if place:
        qs = qs.filter(place__code=place)
    if category:
        qs = qs.filter(category=category)
    for word in q.split():  # every word (the search is refused past 100 characters): none dropped
        match = Q(title__icontains=word) | Q(summary__icontains=word)
        if word.isdigit() and valid_pk(int(word)):
            match |= Q(pk=int(word))
        qs = qs.filter(match)
    return qs.order_by("-created_at", "-id")


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
    return qs.select_related("disclosure", "asker").order_by("asked_at", "pk")


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


# --- The public page of one disclosure: everything around it in one query -------------------------


def _part(qs: QuerySet[Any], branch: str, /, **fields: Any) -> QuerySet[Any]:
    return (
        qs.order_by()
        .annotate(k=Value(branch, output_field=CharField()), j=JSONObject(**fields))
        .values_list("k", "j")
    )


def _aware(value: Any) -> Any:
    """JSON carries datetimes as text; SQLite's are naive UTC."""
    if isinstance(value, str) and len(value) > 10:
        parsed = parse_datetime(value.replace(" ", "T", 1))
        if parsed is not None:
            return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=dt.UTC)
    if isinstance(value, str):
        return parse_date(value)
    return value


def _build(model: type[Any], data: dict[str, Any], dates: tuple[str, ...] = ()) -> Any:
    for name in dates:
        data[name] = _aware(data.get(name))
    return model(**data)


def _detail_rows(disclosure: int, addressed: bool) -> QuerySet[Any]:
    branches = [
        _part(
            DisclosureVersion.objects.filter(disclosure_id=disclosure),
            "version",
            id=F("id"),
            number=F("number"),
            note=F("note"),
            created_at=F("created_at"),
        ),
        _part(
            Attachment.objects.filter(disclosure_id=disclosure),
            "file",
            id=F("id"),
            name=F("name"),
            size=F("size"),
        ),
        _part(
            Citation.objects.filter(disclosure_id=disclosure),
            "citation",
            id=F("document_id"),
            type_name=F("document__type_name"),
            symbol=F("document__symbol"),
            issued_on=F("document__issued_on"),
        ),
        _part(
            Question.objects.filter(
                disclosure_id=disclosure, status__in=[Question.Status.APPROVED, Question.Status.ANSWERED]
            ),
            "question",
            id=F("id"),
            text=F("text"),
            answer=F("answer"),
            asked_at=F("asked_at"),
            asker_name=F("asker__full_name"),
        ),
        _part(
            Proof.objects.filter(disclosure_id=disclosure),
            "proof",
            id=F("id"),
            kind=F("kind"),
            at=F("at"),
            place_id=F("place_id"),
            place_name=F("place__name"),
        ),
    ]
    if addressed:
        through = Disclosure.villages.through.objects.filter(disclosure_id=disclosure)
        branches.append(_part(through, "village", id=F("place_id"), name=F("place__name")))
    return branches[0].union(*branches[1:], all=True)


def detail_parts(d: Disclosure) -> dict[str, Any]:
    """Versions, files, documents cited, public questions, proofs and addressed villages of a
    disclosure in ONE query (a UNION ALL of JSON objects, one branch per kind), instead of six;
    compiled once per worker (core.sqlmemo), the disclosure's id bound on each call."""
    addressed = not d.audience_all
    rows = sqlmemo.wrapped(
        ("disclosures.detail_parts", addressed),
        lambda disclosure: _detail_rows(disclosure, addressed),
        lambda sql: sql,
        binds={"disclosure": d.pk},
    )
    out: dict[str, list[Any]] = {
        k: [] for k in ("version", "file", "citation", "question", "proof", "village")
    }
    for kind, raw in rows:
        data = json.loads(raw) if isinstance(raw, str) else dict(raw)
        if kind == "version":
            out[kind].append(_build(DisclosureVersion, data, ("created_at",)))
        elif kind == "file":
            out[kind].append(_build(Attachment, data))
        elif kind == "citation":
            doc = _build(Document, data, ("issued_on",))
            out[kind].append(Citation(document=doc, disclosure_id=d.pk))
        elif kind == "question":
            name = data.pop("asker_name")
            q = _build(Question, data, ("asked_at",))
            q.asker_name = name  # type: ignore[attr-defined]
            out[kind].append(q)
        elif kind == "proof":
            place = Place(id=data["place_id"], name=data.pop("place_name"))
            p = _build(Proof, data, ("at",))
            p.place = place
            out[kind].append(p)
        else:
            out[kind].append(Place(**data))
    out["version"].sort(key=lambda v: -v.number)
    out["file"].sort(key=lambda a: a.pk)
    out["citation"].sort(key=lambda c: c.document.pk)
    out["question"].sort(key=lambda q: q.asked_at)
    out["village"].sort(key=lambda v: v.pk)
    return {
        "versions": out["version"],
        "attachments": out["file"],
        "citations": out["citation"],
        "questions": out["question"],
        "proofs": out["proof"],
        "villages": out["village"],
    }

"""Reads of works: public lists, totals that reconcile to the đồng, the map, a household's ledger."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError
from danchu.core.text import fold
from danchu.places.models import Household, Level, Place
from danchu.places.queries import sort_key

from .models import ZERO, Board, Payment, Pledge, ProgressUpdate, Recommendation, Session, Work
from .permissions import seated_boards


def place_of_works(code: str) -> Place | None:
    """The commune or village whose works a page lists, by its code (None for a code that cannot be
    one: PostgreSQL refuses a NUL character in a query with an error, not an empty result)."""
    if "\x00" in code:
        return None
    return Place.objects.filter(code=code, level__in=(Level.COMMUNE, Level.VILLAGE)).first()


def payment_by_token(token: str) -> Payment | None:
    """The entry a receipt's QR code names (None for a token that cannot be one, as above)."""
    if "\x00" in token:
        return None
    return Payment.objects.filter(token=token).select_related("work", "household__village").first()


def boards_served(person: Any) -> QuerySet[Board]:
    """The active boards a person serves on (permissions.seated_boards, the one rule), in one query:
    the back office lists them without asking about every board of the country."""
    return seated_boards(person).filter(status=Board.Status.ACTIVE).select_related("work", "body")


def works_in(place: Place) -> QuerySet[Work]:
    return (
        Work.objects.in_place(place)
        .select_related("commune", "board")
        .prefetch_related("villages")
        .annotate(
            # Subqueries, not joins: a join on payments and sessions together would multiply the sum.
            collected=Subquery(
                Payment.objects.filter(work=OuterRef("pk"), kind=Payment.Kind.MONEY)
                .values("work")
                .annotate(s=Sum("value"))
                .values("s")
            ),
            supervisions=Subquery(
                Session.objects.filter(board__work=OuterRef("pk"))
                .values("board")
                .annotate(n=Count("id"))
                .values("n")
            ),
            violations=Subquery(
                Session.objects.filter(board__work=OuterRef("pk"), violation=True)
                .values("board")
                .annotate(n=Count("id"))
                .values("n")
            ),
        )
    )


@dataclass
class Totals:
    pledged: Decimal = ZERO
    money: Decimal = ZERO  # money received, voluntary included
    value: Decimal = ZERO  # every kind valued in đồng
    labour_days: Decimal = ZERO
    land_m2: Decimal = ZERO
    households: int = 0
    by_village: list[dict[str, Any]] = field(default_factory=list)


def totals(work: Work) -> Totals:
    """Public totals of a work, overall and per village (no household appears)."""
    pay = Payment.objects.filter(work=work)
    agg = pay.aggregate(
        money=Sum("value", filter=Q(kind=Payment.Kind.MONEY)),
        value=Sum("value"),
        labour=Sum("quantity", filter=Q(kind=Payment.Kind.LABOUR)),
        land=Sum("quantity", filter=Q(kind=Payment.Kind.LAND)),
    )
    t = Totals(
        pledged=Pledge.objects.filter(work=work).aggregate(s=Sum("amount"))["s"] or ZERO,
        money=agg["money"] or ZERO,
        value=agg["value"] or ZERO,
        labour_days=agg["labour"] or ZERO,
        land_m2=agg["land"] or ZERO,
        households=contributing_households(pay),
    )
    # By the village's id, not its name: a commune merged in 2025 may hold two "Thôn 1".
    pledged = dict(
        Pledge.objects.filter(work=work).values_list("household__village").annotate(s=Sum("amount"))
    )
    paid: dict[Any, Any] = {
        r["household__village"]: r
        for r in pay.values("household__village").annotate(
            money=Sum("value", filter=Q(kind=Payment.Kind.MONEY)), value=Sum("value")
        )
    }
    for village in sorted(work.villages.all(), key=sort_key):
        row = paid.get(village.pk, {})
        t.by_village.append(
            {
                "village": village,
                "pledged": pledged.get(village.pk) or ZERO,
                "money": row.get("money") or ZERO,
                "value": row.get("value") or ZERO,
            }
        )
    return t


def contributing_households(payments: QuerySet[Payment]) -> int:
    """Households whose entries (net of reversals) give something."""
    net = payments.values("household").annotate(v=Sum("value"), q=Sum("quantity"))
    return sum(1 for r in net if (r["v"] or 0) > 0 or (r["q"] or 0) > 0)


def history(work: Work) -> list[ProgressUpdate]:
    return list(work.updates.prefetch_related("photos"))


def sessions(work: Work) -> list[Session]:
    board = getattr(work, "board", None)
    if board is None:
        return []
    return list(
        board.sessions.prefetch_related(
            "photos", Prefetch("recommendations", Recommendation.objects.order_by("pk"))
        )
    )


def ledger(work: Work) -> list[dict[str, Any]]:
    """Each household's pledge and what it gave (staff only)."""
    paid: dict[Any, Any] = {
        r["household"]: r
        for r in Payment.objects.filter(work=work)
        .values("household")
        .annotate(
            towards=Sum("value", filter=Q(voluntary=False)),
            extra=Sum("value", filter=Q(voluntary=True)),
            n=Count("id"),
        )
    }
    rows = []
    for p in Pledge.objects.filter(work=work).select_related(
        "household__village", "household__representative"
    ):
        r = paid.pop(p.household_id, {})
        towards = r.get("towards") or ZERO
        rows.append(
            {
                "pledge": p,
                "household": p.household,
                "paid": towards,
                "extra": r.get("extra") or ZERO,
                "owed": p.amount - towards,
            }
        )
    for hh in Household.objects.filter(pk__in=list(paid)).select_related("village", "representative"):
        r = paid[hh.pk]
        rows.append(
            {
                "pledge": None,
                "household": hh,
                "paid": r.get("towards") or ZERO,
                "extra": r.get("extra") or ZERO,
                "owed": ZERO,
            }
        )
    # Villages in Vietnamese order ("Buôn Đắk" after "Buôn Dơng"), not the database's collation.
    rows.sort(key=_village_then_number)
    return rows


def _village_then_number(row: dict[str, Any]) -> tuple[Any, str]:
    household: Household = row["household"]
    return sort_key(household.village), household.number


def household_works(household: Household) -> list[dict[str, Any]]:
    """What one household pledged and gave, work by work, with its receipts."""
    works: dict[int, dict[str, Any]] = {}
    for p in Pledge.objects.filter(household=household).select_related("work"):
        works[p.work_id] = {"work": p.work, "pledge": p, "payments": []}
    for pay in (
        Payment.objects.filter(household=household).select_related("work").order_by("received_on", "pk")
    ):
        works.setdefault(pay.work_id, {"work": pay.work, "pledge": None, "payments": []})["payments"].append(
            pay
        )
    for row in works.values():
        towards = sum((x.value for x in row["payments"] if not x.voluntary), ZERO)
        row["paid"] = towards
        row["owed"] = (row["pledge"].amount if row["pledge"] else ZERO) - towards
    return list(works.values())


def work_village(work: Work, text: str) -> Place | None:
    """The village of the work named by its code or its name (letter case and accents aside)."""
    wanted = fold(text.strip())
    for village in work.villages.all():
        if wanted and wanted in (fold(village.code), fold(village.name)):
            return village
    return None


def households_numbered(work: Work, number: str, village_code: str = "") -> list[Household]:
    """The households with this number in the work's villages, or in the one whose code is given:
    a number is unique within a village only."""
    if "\x00" in number + village_code:
        return []
    found = Household.objects.filter(village__in=work.villages.all(), number=number.strip())
    if village_code:
        found = found.filter(village__code=village_code.strip())
    return list(found.select_related("village")[:10])


def payer(work: Work, number: str, village_code: str = "") -> Household:
    """The household a contribution is recorded for, or a refusal that says why there is none."""
    found = households_numbered(work, number, village_code)
    if not found:
        raise DomainError(_("The household %(n)s is not in the villages of this work.") % {"n": number})
    if len(found) > 1:
        raise DomainError(
            _("The household number %(n)s is in several villages of this work (%(v)s): choose the village.")
            % {"n": number, "v": ", ".join(h.village.name for h in found)}
        )
    return found[0]


def geometry(work: Work) -> dict[str, Any] | None:
    try:
        return json.loads(work.location) if work.location else None
    except ValueError:
        return None


def map_data(works: list[Work]) -> dict[str, Any]:
    """For json_script: the works that have a location, with what the map's popups show."""
    return {
        "works": [
            {
                "id": w.pk,
                "title": w.title,
                "stage": w.get_stage_display(),
                "progress": w.progress,
                "url": reverse("works:detail", args=[w.pk]),
                "geometry": g,
            }
            for w in works
            if (g := geometry(w)) is not None
        ]
    }


def information_codes(*, boards: Any, communes: list[int]) -> QuerySet[Any]:
    """The tracking codes of the citizens' information (cases) about the works of these boards or
    communes, as a subquery."""
    from .models import Information

    return (
        Information.objects.exclude(tracking_code="")
        .filter(Q(work__board__in=boards) | Q(work__commune_id__in=communes))
        .values("tracking_code")
    )


def information_work(code: str) -> Work | None:
    """The work a citizen's information (a case, by its tracking code) is about."""
    from .models import Information

    info = (
        Information.objects.filter(tracking_code=code).select_related("work__board", "work__commune").first()
    )
    return info.work if info is not None else None

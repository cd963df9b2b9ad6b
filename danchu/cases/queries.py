"""Reads of the cases module: dashboards, public statistics, reception schedule checks."""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.calendar import today as vn_today
from danchu.core.errors import DomainError
from danchu.core.text import checked_text, one_of, quoted
from danchu.places.models import Level, Place

from . import deadlines
from .models import (
    OPEN_STATES,
    Case,
    Contact,
    Delegation,
    Dialogue,
    IdentityVault,
    ReceptionLog,
    ReceptionSlot,
    State,
    Timeliness,
)
from .models.authority import DelegationQuerySet
from .types import AMENDMENT_2026, CASE_TYPES


def unit_dashboard(unit: Place, *, months: int = 12, today: dt.date | None = None) -> dict[str, Any]:
    """Counts for a unit in a fixed number of queries (no per-case work)."""
    today = today or vn_today()
    horizon = deadlines.due_soon_horizon(today)
    base = Case.objects.filter(unit=unit)
    running = Q(state=State.RECEIVED) | Q(state__in=(State.ACCEPTED, State.IN_PROGRESS, State.DRAFTED))
    counts = base.aggregate(
        open=Count("id", filter=Q(state__in=OPEN_STATES)),
        paused=Count("id", filter=Q(state=State.PAUSED)),
        overdue=Count(
            "id",
            filter=(
                Q(state=State.RECEIVED, acceptance_due__lt=today)
                | Q(state__in=(State.ACCEPTED, State.IN_PROGRESS, State.DRAFTED), resolution_due__lt=today)
            ),
        ),
        due_soon=Count(
            "id",
            filter=(
                Q(state=State.RECEIVED, acceptance_due__gte=today, acceptance_due__lte=horizon)
                | Q(
                    state__in=(State.ACCEPTED, State.IN_PROGRESS, State.DRAFTED),
                    resolution_due__gte=today,
                    resolution_due__lte=horizon,
                )
            ),
        ),
    )
    counts["on_time"] = max(base.filter(running).count() - counts["overdue"] - counts["due_soon"], 0)
    start = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    monthly: list[dict[str, Any]] = [
        dict(row)
        for row in base.filter(resolved_at__date__gte=start)
        .annotate(month=TruncMonth("resolved_at"))
        .values("month")
        .annotate(resolved=Count("id"), on_time=Count("id", filter=Q(resolved_on_time=True)))
        .order_by("month")
    ]
    for row in monthly:
        row["rate"] = round(100 * row["on_time"] / row["resolved"], 1) if row["resolved"] else None
        row["month"] = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
    counts["months"] = monthly
    return counts


def public_on_time_rates(
    province: Place | None = None, *, since: dt.date | None = None
) -> list[dict[str, Any]]:
    """On-time share of resolved public cases per commune, in one grouped query."""
    qs = Case.objects.filter(resolved_at__isnull=False)
    if province is not None:
        qs = qs.filter(unit__path__startswith=province.path)
    if since is not None:
        qs = qs.filter(resolved_at__date__gte=since)
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in qs.values("unit_id", "unit__name", "unit__code")
        .annotate(
            resolved=Count("id"), on_time=Count("id", filter=Q(resolved_on_time=True)), received=Count("id")
        )
        .order_by("unit__name")
    ]
    for row in rows:
        row["rate"] = round(100 * row["on_time"] / row["resolved"], 1) if row["resolved"] else None
    return rows


SEARCH_MAX = 100


def case_search(qs: Any, person: Any, text: str) -> Any:
    """Search by tracking code, submitter's name or phone, subject and content. Words other than a
    code match only the cases the person reads in full (a supervisor cannot probe a denunciation's
    content by searching it); a denouncer's identity is sealed, never searched."""
    from .permissions import FULL, readable_cases

    text = checked_text(text, label=_("Search"), limit=SEARCH_MAX)
    if not text:
        return qs
    code = text.upper().replace(" ", "")
    by_code = Q(tracking_code__iexact=code) | Q(tracking_code__iendswith="-" + code)
    words = Q()
    for word in text.split():  # every word (at most 100 characters): none dropped
        either = Q()
        # SQLite's LIKE folds only ASCII letters: also try the word as it starts a sentence or a name.
        for form in {word, word.lower(), word.capitalize(), word.upper()}:
            either |= (
                Q(title__icontains=form) | Q(description__icontains=form) | Q(submitter_name__icontains=form)
            )
        words &= either
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 6 and len(digits) == len(text.replace(" ", "").lstrip("+")):
        # 0912 345 678, +84912345678 and 912345678 are one number: match its last nine digits.
        words = Q(submitter_phone__endswith=digits[-9:]) | Q(submitter_phone__contains=text.strip())
    full = readable_cases(person, level=FULL).values("pk")
    return qs.filter(by_code | (words & Q(pk__in=full)))


def staff_cases(
    person: Any,
    *,
    unit: Place | None = None,
    state: str = "",
    timeliness: str = "",
    case_type: str = "",
    text: str = "",
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
    today: dt.date | None = None,
):  # noqa: ANN201
    from .permissions import readable_cases

    one_of(state, ["open", *State.values], label=_("State"))
    one_of(timeliness, ["overdue", "due_soon"], label=_("Deadline"))
    one_of(case_type, CASE_TYPES.keys(), label=_("Type"))
    qs: Any = readable_cases(person).select_related("unit", "place", "field", "handler")
    qs = case_search(qs, person, text)
    if received_from is not None:
        qs = qs.filter(received_at__date__gte=received_from)
    if received_to is not None:
        qs = qs.filter(received_at__date__lte=received_to)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state:
        qs = qs.filter(state=state)
    if case_type:
        qs = qs.filter(case_type=case_type)
    today = today or vn_today()
    if timeliness == "overdue":
        qs = qs.overdue(today)
    elif timeliness == "due_soon":
        qs = qs.due_between(today, deadlines.due_soon_horizon(today))
    return qs.order_by("-received_at")


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, pycal.monthrange(year, month)[1])


def schedule_shortfall(unit: Place, year: int, month: int) -> list[str]:
    """Warnings when the head's reception days in a month fall short of the law (Luật Tiếp công dân
    2013, Điều 15(2)(d): the commune chairman receives citizens at least 1 day per week until 30 Jun
    2026; from 1 Jul 2026, by the amending law of 2025, at least 2 days per month)."""
    from django.conf import settings

    first, last = month_bounds(year, month)
    days = set(
        ReceptionSlot.objects.filter(unit=unit, is_head=True, date__gte=first, date__lte=last).values_list(
            "date", flat=True
        )
    )
    warnings = []
    if first >= AMENDMENT_2026:
        need = settings.CASES_HEAD_RECEPTION_DAYS_PER_MONTH
        if len(days) < need:
            warnings.append(
                _("The chairman must receive citizens at least %(n)d days a month; %(have)d scheduled.")
                % {"n": need, "have": len(days)}
            )
    else:
        d = first
        while d <= last:
            week_start = d - dt.timedelta(days=d.weekday())
            week = [week_start + dt.timedelta(days=i) for i in range(7)]
            in_month = [x for x in week if first <= x <= last]
            # Only whole working weeks inside the month are checked (a week split by the month end is
            # checked in the month holding its Monday).
            if week_start >= first and not any(x in days for x in in_month):
                warnings.append(
                    _("No reception day by the chairman in the week of %(d)s (at least 1 day a week).")
                    % {"d": week_start.strftime("%d/%m/%Y")}
                )
            d = week_start + dt.timedelta(days=7)
    return warnings


def recent_public_responses(unit: Place, limit: int = 10) -> list[Case]:
    return list(
        Case.objects.public()
        .filter(unit=unit, response_public=True, state__in=(State.RESOLVED, State.CLOSED))
        .select_related("field")
        .order_by("-resolved_at")[:limit]
    )


def tracking_code_exists(code: str) -> bool:
    """Whether a case bears `code` (a module keeping a case's reference links only one that exists)."""
    return Case.objects.filter(tracking_code=code.strip().upper()).exists()


def now() -> dt.datetime:
    return timezone.now()


# --- What the staff pages read ----------------------------------------------------------------------


def handled_units(person: Any) -> list[Place]:
    """The units (commune or above) where the person handles cases."""
    from danchu.accounts.permissions import acting_places

    from .permissions import HANDLER_ROLES

    return [p for p in acting_places(person, HANDLER_ROLES) if p.level <= Level.COMMUNE]


def chosen_unit(person: Any, code: str | None) -> Place:
    """The unit named in the request (checked), else the person's first; 404 when they have none."""
    from .permissions import unit_for

    if code:
        return unit_for(person, code)
    units = handled_units(person)
    if not units:
        raise Http404
    return units[0]


def public_unit(code: str) -> Place:
    unit = Place.objects.filter(code=str(code)[:32].replace("\x00", "")).first()
    if unit is None:
        raise Http404
    return unit


def fresh(case: Case) -> Case:
    return Case.objects.select_related("unit").get(pk=case.pk)


def unit_handlers(unit: Place) -> list[Any]:
    from danchu.accounts.models import Membership

    from .permissions import HANDLER_ROLES

    return [
        m.person
        for m in Membership.objects.active()
        .filter(place=unit, role__in=HANDLER_ROLES)
        .select_related("person")
    ]


def unit_handler(unit: Place, pk: str) -> Any:
    return next((p for p in unit_handlers(unit) if str(p.pk) == str(pk).strip()), None)


def transfer_targets(case: Case) -> QuerySet[Place]:
    """The communes of the case's province it may be transferred to."""
    province_path = case.unit.path.rsplit("/", 2)[0] + "/"
    return (
        Place.objects.filter(level=Level.COMMUNE, path__startswith=province_path)
        .current()
        .exclude(pk=case.unit_id)
    )


def transfer_target(case: Case, code: str) -> Place | None:
    return Place.objects.filter(code=str(code)[:32].replace("\x00", "")).first() if code else None


def detail_context(person: Any, case: Case) -> dict[str, Any]:
    """Everything a case's full staff page shows."""
    from danchu.core.access import can

    from . import handlers
    from .authority import case_signing_capacity, signature_lines
    from .duplicates import similar_cases

    can_handle = can(person, "cases.handle_case", case)
    capacity = case_signing_capacity(person, case) if case.state == State.DRAFTED else None
    return {
        "case": case,
        "can_sign": capacity is not None,
        "signature_block": signature_lines(capacity, case.type.reply_template) if capacity else [],
        "events": case.events.select_related("actor"),
        "photos": case.photos.all(),
        "extensions": case.extensions.all(),
        "pauses": case.pauses.all(),
        "transfers": case.transfers.all(),
        "replies": case.replies.all(),
        "can_handle": can_handle,
        "can_assign": can(person, "cases.assign_case", case),
        "can_reveal": case.is_confidential and can(person, "cases.reveal_identity", case),
        "similar": similar_cases(case) if case.is_open and can_handle else [],
        "handlers": [
            h for h in handlers.case_handlers(case) if not (case.is_confidential and h.pk == person.pk)
        ],
        # Every commune of the province (at most ~170 since 2025); a routed case is not transferred.
        "units": transfer_targets(case) if not handlers.is_routed(case) else [],
        "timeliness": case.timeliness(),
        "timeliness_label": Timeliness(case.timeliness()).label,
        "next_extension": _next_extension(case),
        "linked": case.linked.all(),
        "merged": case.merged_cases.all(),
    }


def handling_context(case: Case) -> dict[str, Any]:
    """What supervisors see of a case: its handling (dates, state, timeliness), no content."""
    return {
        "case": case,
        "timeliness_label": Timeliness(case.timeliness()).label,
        "timeliness": case.timeliness(),
        "events": case.events.order_by("at").only("at", "action", "from_state", "to_state"),
        "extensions": case.extensions.only("at", "days", "legal_basis"),
        "pauses": case.pauses.only("started_on", "ended_on"),
    }


def _next_extension(case: Case) -> Any:
    from .deadlines import next_extension

    running = (State.ACCEPTED, State.IN_PROGRESS, State.PAUSED)
    return next_extension(case.type, case) if case.state in running else None


# --- Citizen reception ------------------------------------------------------------------------------


def parse_month(value: str) -> tuple[int, int]:
    """(year, month) of "yyyy-mm", this month when empty; a text that is no month is refused (400)."""
    today = vn_today()
    try:
        year, month = (int(x) for x in (value or f"{today.year}-{today.month}").split("-"))
        month_bounds(year, month)
    except (ValueError, TypeError):
        message = _("“%(text)s” is not a month (yyyy-mm).") % {"text": quoted(value, 20)}
        raise DomainError(message, code="bad_month") from None
    return year, month


def reception_kind(kind: str, kinds: dict[str, Any]) -> str:
    if kind not in kinds:
        raise Http404
    return kind


def reception_context(person: Any, unit: Place, year: int, month: int) -> dict[str, Any]:
    """A unit's reception month; a log names only the linked cases `person` reads in full (a
    denunciation stays out of sight of the officers who neither received nor handle it)."""
    from .permissions import FULL, readable_cases

    first, last = month_bounds(year, month)
    linked = Prefetch("cases", queryset=readable_cases(person, level=FULL).order_by("tracking_code"))
    return {
        "unit": unit,
        "units": None,
        "month": f"{year}-{month:02d}",
        "first": first,
        "slots": ReceptionSlot.objects.filter(unit=unit, date__gte=first, date__lte=last),
        "logs": ReceptionLog.objects.filter(unit=unit, date__gte=first, date__lte=last).prefetch_related(
            linked
        ),
        "dialogues": Dialogue.objects.filter(unit=unit, held_on__gte=first, held_on__lte=last),
        "warnings": schedule_shortfall(unit, year, month),
    }


def unit_cases_by_codes(person: Any, unit: Place, codes_text: str) -> list[Case]:
    """The unit's cases named by tracking code in a reception log, among those `person` reads in full;
    a DomainError if one is not (the same for a code that does not exist: nothing to probe)."""
    codes = {c.strip().upper() for c in (codes_text or "").split(",") if c.strip()}
    from .handlers import routed_types
    from .permissions import FULL, readable_cases

    routed = list(routed_types())
    readable = readable_cases(person, level=FULL)
    cases = list(readable.filter(unit=unit, tracking_code__in=codes).exclude(case_type__in=routed))
    if len(cases) != len(codes):
        raise DomainError(_("Some tracking codes are not cases of this unit."))
    return cases


def sealed_identities() -> Iterator[IdentityVault]:
    """Every sealed identity, in batches of 500: the vault key rotation's deliberate whole-table scan
    (a command run by the operator, no person's scope applies)."""
    return IdentityVault.objects.only("pk", "ciphertext").order_by("pk").iterator(chunk_size=500)


def unacted_escalations(person: Any, *, limit: int = 500) -> QuerySet[Any]:
    """Escalations of open cases that nobody acted on since, in the places the person reads as a
    steering committee member, supervisor or administrator (the steering office's list). Never the
    content of a denunciation: code, unit, deadline, who was told and how."""
    from danchu.accounts.models import Role
    from danchu.accounts.permissions import readable_places

    from .handlers import routed_types
    from .models import Escalation

    supervised = readable_places(person, {Role.STEERING_MEMBER, Role.FRONT_OFFICER})
    chaired = readable_places(person, {Role.COMMUNE_CHAIRMAN})
    # A chairman does not learn of the cases handled by another body (handlers.py), even by code.
    scope = Q(case__unit__in=supervised) | (
        Q(case__unit__in=chaired) & ~Q(case__case_type__in=list(routed_types()))
    )
    return (
        Escalation.objects.filter(scope, acted_at__isnull=True, case__state__in=OPEN_STATES)
        .select_related("case", "case__unit")
        .order_by("due_on", "case_id", "level")[:limit]
    )


def unit_delegations(unit: Place) -> DelegationQuerySet:
    """A commune's delegations to sign, the latest first (revoked and past ones too: the record)."""
    return Delegation.objects.filter(unit=unit).select_related("unit", "delegate", "granted_by")


def unit_contacts(unit: Place) -> QuerySet[Contact]:
    """The escalation contacts of a commune (inactive ones too)."""
    return Contact.objects.filter(place=unit).select_related("person").order_by("-active", "kind", "pk")

"""Who may do what with cases, and who sees what of them (need-to-know, DOMAIN.md §8).

Need-to-know is declared once, per kind of case and audience, in VISIBILITY below:

- "full": the content, the people who filed it (never a sealed identity), replies, photos, timeline;
- "handling": how it is handled — type, unit, state, dates, deadlines, timeliness — nothing of its
  content (what the People's Inspection Board and the Fatherland Front supervise);
- nothing: the case does not exist for that person (404).

A denunciation (Luật Tố cáo 2018, Art. 9, 47–48 [U]) is seen in full only by the person who received
it, the handler the chairman assigned and the chairman; only the assigned handler may reveal the
denouncer's identity, with a stated reason, and every reading and every refused attempt is audited.
Other roles (enterprise representative, supervision board member, steering member, village head…)
see nothing of cases.

A case of a type routed to another body (`handlers.py`: e.g. information to the People's Inspection
Board) is seen in full and acted on only by the members of that body (the type's registered handler
decides), its assigned handler and whoever recorded it; the commune's officers and its chairman do not
see it (the board supervises them and forwards its recommendations to the chairman through its own
module, never the informant's case); supervisors (the Front steers the board) and administrators see
how it is handled.

`case_for` is the one way in to a case from user input (pages, API, Open311, commands); `receipt_for`
is its form for the tracking pages, where the code alone shows the handling and the receipt key
(receipts.py) the rest.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any, NoReturn

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from danchu.accounts.models import Role
from danchu.accounts.permissions import (
    COMMUNE_STAFF,
    acting_places,
    can_act_in_place,
    can_read_place,
    has_role,
    is_admin,
    readable_places,
)
from danchu.core.access import ADMIN, PUBLIC, can, get_for, rule
from danchu.core.errors import Forbidden
from danchu.places.models import Level, Place

from . import handlers, ratelimit, receipts
from .models import ApiKey, Case, CasePhoto, Contact, Delegation, Reply, State
from .types import CASE_TYPES

HANDLER_ROLES = COMMUNE_STAFF
HEAD_ROLES = frozenset({Role.COMMUNE_CHAIRMAN})
# Supervise how complaints and denunciations are handled (Law 10/2022; Law on Denunciations, Art. 6 [U]).
SUPERVISOR_ROLES = frozenset({Role.FRONT_OFFICER, Role.INSPECTION_MEMBER})

FULL = "full"
HANDLING = "handling"
NOTHING = ""

OPEN = "open"  # feedback, petitions, complaints
CONFIDENTIAL = "confidential"  # denunciations: the denouncer is protected
ROUTED = "routed"  # handled by another body (handlers.py), e.g. the People's Inspection Board

# Who sees what, by kind of case and audience (the first audience a person belongs to that grants
# the most wins). Audiences: the chairman of the unit holding the case, the handler assigned to it,
# the officer who received it, the unit's staff (commune officers and chairman), supervisors (Front,
# People's Inspection Board) of the unit or above, system administrators, and for a routed type the
# members of the body it is routed to ("body").
VISIBILITY: dict[str, dict[str, str]] = {
    OPEN: {
        "chairman": FULL,
        "handler": FULL,
        "receiver": FULL,
        "unit_staff": FULL,
        "admin": FULL,
        "supervisor": HANDLING,
    },
    CONFIDENTIAL: {
        "chairman": FULL,
        "handler": FULL,
        "receiver": FULL,
        "unit_staff": NOTHING,
        "admin": HANDLING,
        "supervisor": HANDLING,
    },
    ROUTED: {
        "body": FULL,
        "handler": FULL,
        "receiver": FULL,
        "chairman": NOTHING,
        "unit_staff": NOTHING,
        "admin": HANDLING,
        "supervisor": HANDLING,
    },
}


def kind_of(case: Case) -> str:
    if handlers.is_routed(case):
        return ROUTED
    return CONFIDENTIAL if case.is_confidential else OPEN


def confidential_types() -> list[str]:
    return [t.key for t in CASE_TYPES if t.confidential_submitter]


def is_unit_staff(person: Any, unit: Place) -> bool:
    """Commune officers and the chairman act on their unit's cases (not inherited downwards)."""
    return can_act_in_place(person, unit, HANDLER_ROLES)


def is_chairman_of(person: Any, unit: Place) -> bool:
    return has_role(person, HEAD_ROLES, unit)


def is_case_handler(person: Any, case: Case) -> bool:
    return bool(getattr(person, "is_authenticated", False) and case.handler_id == person.pk)


def audiences(person: Any, case: Case) -> set[str]:
    if not getattr(person, "is_authenticated", False):
        return set()
    found = set()
    if is_chairman_of(person, case.unit):
        found.add("chairman")
    if case.handler_id == person.pk:
        found.add("handler")
    if case.recorded_by_id == person.pk:
        found.add("receiver")
    if can_read_place(person, case.unit, HANDLER_ROLES) and not is_admin(person):
        found.add("unit_staff")
    if can_read_place(person, case.unit, SUPERVISOR_ROLES) and not is_admin(person):
        found.add("supervisor")
    if is_admin(person):
        found.add("admin")
    if handlers.handles(person, case):
        found.add("body")
    return found


def visibility(person: Any, case: Case) -> str:
    """FULL, HANDLING or NOTHING: what `person` may see of `case`."""
    table = VISIBILITY[kind_of(case)]
    levels = {table[a] for a in audiences(person, case)}
    return FULL if FULL in levels else HANDLING if HANDLING in levels else NOTHING


def readable_cases(person: Any, *, level: str = HANDLING) -> QuerySet[Case]:
    """The cases `person` sees at `level` or more, in one query (mirrors `visibility`)."""
    if not getattr(person, "is_authenticated", False):
        return Case.objects.none()
    routed = handlers.routed_types()
    secret = Q(case_type__in=confidential_types())
    mine = Q(handler=person) | Q(recorded_by=person)
    body = Q(pk__in=[])
    for key in routed:
        handler = handlers.handler_of(key)
        if handler is not None:
            body |= Q(case_type=key) & handler.case_filter(person)
    others = ~Q(case_type__in=list(routed))
    if is_admin(person):
        full, handling = (others & ~secret) | mine | body, secret | ~others
    else:
        chair_units = [p.pk for p in acting_places(person, HEAD_ROLES)]
        staff = (~secret & Q(unit__in=readable_places(person, HANDLER_ROLES))) | (
            secret & Q(unit__in=chair_units)
        )
        full = (others & staff) | mine | body
        handling = Q(unit__in=readable_places(person, SUPERVISOR_ROLES))
    return Case.objects.filter(full if level == FULL else full | handling)


def _can_handle(person: Any, case: Case) -> bool:
    if handlers.is_routed(case):
        return handlers.handles(person, case)
    if case.is_confidential:
        return is_chairman_of(person, case.unit) or is_case_handler(person, case)
    return is_unit_staff(person, case.unit)


def _can_sign(person: Any, case: Case) -> bool:
    """The chairman, or a vice-chairman / acting chairman with a delegation in force (authority.py)."""
    from .authority import case_signing_capacity

    return case_signing_capacity(person, case) is not None


def _can_assign(person: Any, case: Case) -> bool:
    # A denunciation's handler is assigned by the chairman (and nobody assigns one to themselves:
    # enforced by the service, which knows the chosen handler).
    if handlers.is_routed(case):
        return handlers.handles(person, case)
    if case.is_confidential:
        return is_chairman_of(person, case.unit)
    return is_unit_staff(person, case.unit)


@dataclass(frozen=True)
class Receipt:
    """A case reached by its tracking code, with the receipt key presented along ("" for none)."""

    case: Case
    key: str = ""


def _holds_receipt(person: Any, receipt: Receipt) -> bool:
    """Its signed-in submitter (a denouncer is linked to the case only inside the vault), or its key."""
    own = getattr(person, "is_authenticated", False) and receipt.case.submitter_id == person.pk
    return bool(own) or receipts.matches(receipt.case, receipt.key)


def _open311_visible(case: Case) -> bool:
    ctype = case.type
    return bool(ctype.open311 and handlers.in_public_form(ctype)) and case.state != State.MERGED


def _open_office(person: Any, _obj: Any = None) -> bool:
    return can_open_office(person)


def _manage_apikeys(person: Any, _obj: Any = None) -> bool:
    return is_admin(person)


def _manage_authority(person: Any, unit: Any = None) -> bool:
    """The chairman of a commune (or an administrator) manages its delegations to sign and its
    escalation contacts; without a unit: whether the person is the chairman of some commune."""
    if is_admin(person):
        return True
    if unit is None:
        return bool(authority_units(person))
    return bool(unit.level == Level.COMMUNE and is_chairman_of(person, unit))


def register() -> None:
    rule("cases.read_case", lambda p, case: visibility(p, case) != NOTHING)
    rule("cases.read_content", lambda p, case: visibility(p, case) == FULL)
    rule("cases.handle_case", _can_handle)
    rule("cases.assign_case", _can_assign)
    rule("cases.sign_reply", _can_sign)
    rule(
        "cases.reveal_identity",
        lambda p, case: case.is_confidential and is_case_handler(p, case) and visibility(p, case) == FULL,
    )
    rule("cases.record_intake", lambda p, place: is_unit_staff(p, place))
    rule("cases.manage_reception", lambda p, unit: is_unit_staff(p, unit))
    rule("cases.act_for_unit", lambda p, unit: unit.level <= Level.COMMUNE and is_unit_staff(p, unit))
    rule("cases.open_office", _open_office)
    rule("cases.read_escalations", sees_escalations)
    rule("cases.manage_apikeys", _manage_apikeys, who=ADMIN)
    rule("cases.manage_authority", _manage_authority)
    # Public: whoever holds the tracking code follows how the case is handled — what its supervisors
    # see (VISIBILITY "handling"), since they read the code in their lists.
    rule("cases.track", lambda p, case: True, who=PUBLIC)
    # Its content (title, answer, signed reply, notes) and the rating: the submitter's receipt key, or
    # being its signed-in submitter. Nobody who handles or supervises the case rates its answer.
    rule("cases.track_content", _holds_receipt, who=PUBLIC)
    rule("cases.rate", lambda p, r: _holds_receipt(p, r) and visibility(p, r.case) == NOTHING, who=PUBLIC)
    # Open311 exposes feedback and petitions only, never complaints or denunciations.
    rule("cases.open311_view", lambda p, case: _open311_visible(case), who=PUBLIC)


# --- The one getter ---------------------------------------------------------------------------------

CODE_SHAPE = re.compile(r"[A-Z0-9]{1,4}-[A-Z0-9]{4,10}")


def normalise_code(code: Any) -> str:
    return str(code or "").strip().upper()


def case_for(
    person: Any,
    *,
    pk: Any = None,
    code: Any = None,
    token: Any = None,
    action: str = "cases.read_case",
    request: HttpRequest | None = None,
    audit_refusal: str = "",
) -> Case:
    """The case by id, tracking code or Open311 token if `person` may `action` it, else Http404
    (missing and forbidden look the same). A lookup by code or token with a `request` counts misses
    per client address and answers 429 past the limit, on every entry point alike (page, API,
    Open311, replies, ratings). `audit_refusal` names the audit action written when the case exists
    but is refused."""
    from . import ratelimit

    if sum(x is not None for x in (pk, code, token)) != 1:
        raise ValueError("case_for needs exactly one of pk, code and token")
    guessable = pk is None
    if guessable and request is not None:
        ratelimit.track_misses_allowed(request)
    lookup: dict[str, Any]
    if code is not None:
        code = normalise_code(code)
        if not CODE_SHAPE.fullmatch(code):
            _missed(request)
        lookup = {"tracking_code": code}
    elif token is not None:
        try:
            lookup = {"open311_token": uuid.UUID(str(token))}
        except ValueError:
            _missed(request)
    else:
        lookup = {"pk": pk}
    queryset = Case.objects.select_related(
        "unit", "place", "field", "handler", "merged_into", "merged_into__unit"
    )
    try:
        return get_for(person, queryset, action, **lookup)
    except Http404:
        if audit_refusal:
            _audit_refusal(person, Case.objects.filter(**lookup).first(), audit_refusal)
        _missed(request if guessable else None)
        raise


def receipt_for(
    person: Any, *, code: Any, key: Any = "", request: HttpRequest | None = None, action: str = "cases.track"
) -> Receipt:
    """The case by tracking code (`case_for`) with the receipt key presented. A wrong key is taken for
    none, counts as a miss of the unknown codes' limiter (keys cannot be guessed) and is audited
    (`cases.receipt_refused`; a denunciation's without the actor: it may be the denouncer's typo).
    "cases.track" answers whatever the key; "cases.track_content" 404s, "cases.rate" 403s saying why."""
    case = case_for(person, code=code, action="cases.track", request=request)
    receipt = Receipt(case, receipts.normalise(key))
    if receipt.key and not receipts.matches(case, receipt.key):
        if request is not None:
            ratelimit.track_miss(request)
        _audit_refusal(None if case.is_confidential else person, case, "cases.receipt_refused")
        receipt = Receipt(case)
    if action == "cases.track" or can(person, action, receipt):
        return receipt
    if action != "cases.rate":
        raise Http404
    if visibility(person, case) != NOTHING:
        why = _("You handle or supervise this case: only the person who sent it may rate the answer.")
    else:
        why = _(
            "Only the person who sent this case may rate the answer: enter the secret key printed on the receipt."
        )
    raise Forbidden(why, code="not_submitter")


def open311_cases() -> QuerySet[Case]:
    """What Open311 lists: feedback and petitions (never complaints or denunciations), not merged."""
    public_types = [t.key for t in CASE_TYPES if t.open311 and handlers.in_public_form(t)]
    return (
        Case.objects.filter(case_type__in=public_types)
        .exclude(state=State.MERGED)
        .select_related("field", "unit")
        .prefetch_related("photos")
    )


def open311_cases_by_codes(codes: list[str], request: HttpRequest) -> QuerySet[Case]:
    """Open311's `service_request_id=a,b,c`: a lookup by tracking codes, so each code that matches
    nothing counts towards the same miss limit as a single lookup."""
    from . import ratelimit

    ratelimit.track_misses_allowed(request)
    wanted = {normalise_code(c) for c in codes if CODE_SHAPE.fullmatch(normalise_code(c))}
    found = open311_cases().filter(tracking_code__in=wanted)
    misses = len(set(codes)) - found.count()
    for _miss in range(max(misses, 0)):
        ratelimit.track_miss(request)
    return found


def _missed(request: HttpRequest | None) -> NoReturn:
    from . import ratelimit

    if request is not None:
        ratelimit.track_miss(request)
    raise Http404


def _audit_refusal(person: Any, case: Case | None, action: str) -> None:
    if case is None:
        return
    from danchu.core.audit import audit

    audit(
        actor=person if getattr(person, "pk", None) else None,
        action=action,
        obj=case,
        after={"refused": True},
    )


def unit_for(person: Any, code: Any, action: str = "cases.act_for_unit") -> Place:
    """A unit (commune or above) the person handles cases for, by its code; 404 otherwise."""
    return get_for(person, Place.objects.all(), action, code=str(code or "")[:32])


def reply_for(person: Any, case: Case, pk: Any, action: str = "cases.read_content") -> Reply:
    """A reply of `case` (already reached through `case_for`) if `person` may `action` the case."""
    return get_for(person, case.replies.all(), action, subject=lambda _reply: case, pk=pk)


def photo_for(person: Any, case: Case, pk: Any, action: str = "cases.read_content") -> CasePhoto:
    """A photo of `case` (already reached through `case_for`) if `person` may `action` the case."""
    return get_for(person, case.photos.all(), action, subject=lambda _photo: case, pk=pk)


def delegation_for(person: Any, pk: Any, action: str = "cases.manage_authority") -> Delegation:
    """A delegation to sign, if `person` manages its commune's delegations (its chairman)."""
    queryset = Delegation.objects.select_related("unit", "delegate")
    return get_for(person, queryset, action, subject=lambda d: d.unit, pk=pk)


def contact_for(person: Any, pk: Any, action: str = "cases.manage_authority") -> Contact:
    """An escalation contact, if `person` manages its commune's contacts (its chairman)."""
    queryset = Contact.objects.select_related("place", "person")
    return get_for(person, queryset, action, subject=lambda c: c.place, pk=pk)


def authority_units(person: Any) -> list[Place]:
    """The communes whose chairman the person is."""
    return [p for p in acting_places(person, HEAD_ROLES) if p.level == Level.COMMUNE]


def apikey_for(person: Any, pk: Any) -> ApiKey:
    return get_for(person, ApiKey.objects.all(), "cases.manage_apikeys", memo="cases.apikey_for", pk=pk)


def sees_cases(person: Any) -> bool:
    """Holds a role that sees some cases (handlers, supervisors, administrators): the menu entry."""
    return is_admin(person) or bool(acting_places(person, HANDLER_ROLES | SUPERVISOR_ROLES))


def sees_escalations(person: Any, _obj: Any = None) -> bool:
    """Steering committee members, supervisors, chairmen and administrators: the escalation list."""
    roles = {Role.STEERING_MEMBER, Role.FRONT_OFFICER, Role.COMMUNE_CHAIRMAN}
    return is_admin(person) or bool(acting_places(person, roles))


def can_open_office(person: Any) -> bool:
    return any(p.level <= Level.COMMUNE for p in acting_places(person, HANDLER_ROLES))


__all__ = ["case_for", "can", "visibility", "readable_cases", "FULL", "HANDLING", "NOTHING"]

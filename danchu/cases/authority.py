"""Authority to sign a reply or decision (issue #16 item 5), and its signature block.

The chairman of the commune People's Committee settles first-time complaints and denunciations and
answers petitions (Luật Khiếu nại 2011, Art. 17 [U]; Luật Tố cáo 2018, Art. 13 [U]); a vice-chairman signs only
in the chairman's stead, for a period the chairman assigned ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"), and an
acting chairman named by the competent body signs "Q. CHỦ TỊCH". A document the committee issues as a
collegial body carries "TM. ỦY BAN NHÂN DÂN" above (Decree 30/2020/NĐ-CP, Appendix I, cell 7a). The
signer's real name is printed under the block. Everybody else drafts and submits for signature.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from danchu.places.models import Place

from .models import Delegation

CHAIRMAN = "chairman"
SIGN_FOR = Delegation.Kind.SIGN_FOR  # "kt"
ACTING = Delegation.Kind.ACTING  # "q"
BODY = "body"  # a member of the body a routed case type is handled by (handlers.py)

# The document templates the committee issues as a collegial body ("TM. ỦY BAN NHÂN DÂN"); a
# complaint decision or a denunciation conclusion is the chairman's own competence.
COLLEGIAL_TEMPLATES = frozenset({"notice"})


@dataclass(frozen=True)
class Capacity:
    kind: str  # CHAIRMAN, SIGN_FOR, ACTING or BODY
    delegation: Delegation | None = None
    lines: tuple[str, ...] = ()  # BODY: the body's own signature block


def _is_chairman(person: Any, unit: Place) -> bool:
    from .permissions import is_chairman_of

    return is_chairman_of(person, unit)


def signing_capacity(person: Any, unit: Place, on: dt.date | None = None) -> Capacity | None:
    """In which capacity `person` may sign for `unit` today (or `on`), or None."""
    if not getattr(person, "is_authenticated", False):
        return None
    if _is_chairman(person, unit):
        return Capacity(CHAIRMAN)
    on = on or timezone.localdate()
    # An acting chairman outranks a vice-chairman's delegation when a person holds both.
    d = (
        Delegation.objects.in_force(on)
        .filter(unit=unit, delegate=person)
        .order_by("-kind")  # "q" before "kt"
        .first()
    )
    if d is None:
        return None
    return Capacity(str(d.kind), d)


def case_signing_capacity(person: Any, case: Any, on: dt.date | None = None) -> Capacity | None:
    """In which capacity `person` may sign the answer to `case`: for a type routed to another body,
    its members sign for the body (the commune's chairman does not); otherwise `signing_capacity`."""
    from . import handlers

    if handlers.is_routed(case):
        handler = handlers.handler_of(case.case_type)
        if handler is None or not handler.handles_case(person, case):
            return None
        return Capacity(BODY, lines=handler.signature)
    return signing_capacity(person, case.unit, on)


def signature_lines(capacity: Capacity, template: str) -> list[str]:
    """The lines above the signature, in Vietnamese (they are the document's own words)."""
    if capacity.kind == BODY:
        return list(capacity.lines)
    lines = ["TM. ỦY BAN NHÂN DÂN"] if template in COLLEGIAL_TEMPLATES else []
    if capacity.kind == CHAIRMAN:
        return [*lines, "CHỦ TỊCH"]
    if capacity.kind == ACTING:
        return [*lines, "Q. CHỦ TỊCH"]
    return [*lines, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def signers_of(unit: Place, on: dt.date | None = None) -> list[Any]:
    """Everyone who may sign for `unit`: its chairmen and the delegates in force (to ask for a signature)."""
    from danchu.accounts.models import Membership, Role

    on = on or timezone.localdate()
    people = [
        m.person
        for m in Membership.objects.active(on)
        .filter(role=Role.COMMUNE_CHAIRMAN, place=unit)
        .select_related("person")
    ]
    people += [
        d.delegate for d in Delegation.objects.in_force(on).filter(unit=unit).select_related("delegate")
    ]
    return list({p.pk: p for p in people if p.is_active}.values())

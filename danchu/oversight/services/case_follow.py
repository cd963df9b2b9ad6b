"""The case a citizen's information became follows the board's matter (docs/oversight.md, "The
informant's case"): when the board classifies the matter, the case is accepted (taken up: the
informant is told, with the date the answer is due) or refused with where the matter was forwarded or
guided to; when the board concludes, the answer is drafted from its findings for a member to sign on
the case — the members no longer retype on the cases pages what they recorded on the matter. Only the board's
own case type is moved, through cases' access getter and services, as the classifying member: a case
already moved by hand, or one the member may not handle, is left as it is. A step the case refuses
(cases' own rules) does not undo the classification: the case stays for the members to move."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError
from danchu.core.i18n import official_language

from ..models import Channel, Matter

log = logging.getLogger(__name__)


def check_case_reference(reference: str) -> None:
    """Refuse a typed reference shaped as a tracking code that no case bears: the matter's page would
    link a tracking page that does not exist. A paper petition's number is kept as written."""
    from danchu.cases.queries import tracking_code_exists

    from ..queries import TRACKING_CODE

    code = reference.strip().upper()
    if TRACKING_CODE.fullmatch(code) and not tracking_code_exists(code):
        raise DomainError(
            _("No case has the tracking code %(code)s.") % {"code": code},
            code="unknown_case",
            detail=["case_reference"],
        )


def _linked_case(actor: Any, matter: Matter) -> Any:
    from danchu.cases.permissions import case_for

    from ..case_types import INFORMATION

    if matter.channel != Channel.CASE or not matter.case_reference.strip():
        return None
    try:
        case = case_for(actor, code=matter.case_reference, action="cases.handle_case")
    except Http404:
        return None
    return case if case.case_type == INFORMATION else None


def follow_classification(actor: Any, matter: Matter) -> str:
    """Accept or refuse the matter's case as the board classified the matter. Returns what was done to
    the case ("accepted", "refused") or "" when nothing was."""
    from danchu.cases import services as cases

    case = _linked_case(actor, matter)
    if case is None or case.state != cases.State.RECEIVED:
        return ""
    try:
        with transaction.atomic():
            if matter.status == Matter.Status.ACCEPTED:
                cases.case_accept(case=case, by=actor)
                return "accepted"
            with official_language():  # the board's answer to the citizen, on the case's record
                reason = _(
                    "The matter is outside the People's Inspection Board's scope; the board forwarded it or "
                    "guided you to: %(to)s."
                ) % {"to": matter.forwarded_to}
            cases.case_refuse(case=case, by=actor, reason=reason)
            return "refused"
    except DomainError as refused:
        log.warning("case %s did not follow matter %s: %s", case.tracking_code, matter.code, refused)
        return ""


def follow_conclusion(actor: Any, matter: Matter) -> bool:
    """Draft the case's answer from the board's conclusion, for a member to read and sign on the case
    (the answer takes effect when signed). Only a case taken up and not yet answered: a draft a
    member already wrote is not replaced. Returns whether a draft was made."""
    from danchu.cases import services as cases

    case = _linked_case(actor, matter)
    if case is None or case.state not in (cases.State.ACCEPTED, cases.State.IN_PROGRESS):
        return False
    assert matter.concluded_on is not None
    with official_language():  # the board's answer to the citizen, signed as an official document
        outcome = (
            _("The board found signs of violation.")
            if matter.signs_of_violation
            else _("The board found no sign of violation.")
        )
        body = "\n\n".join(
            [
                _("The People's Inspection Board concluded on the matter %(code)s on %(date)s:")
                % {"code": matter.code, "date": matter.concluded_on.strftime("%d/%m/%Y")},
                matter.findings,
                outcome,
            ]
        )
    try:
        with transaction.atomic():
            cases.case_respond(case=case, by=actor, body=body)
    except DomainError as refused:
        log.warning("case %s: no answer drafted from matter %s: %s", case.tracking_code, matter.code, refused)
        return False
    return True

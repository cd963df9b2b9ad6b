"""The handling of a case by its unit: acceptance, assignment, transfer, extension, suspension."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danchu.core.calendar import Calendar
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Level, Place

from .. import deadlines
from ..models import Case, Extension, Pause, State, Transfer
from ..types import DENUNCIATION
from .common import _change, _d, _require, _require_staff, _snap, _tell_state, tell_submitters


@transaction.atomic
def case_accept(
    *, case: Case, by: Any, remote_area: bool | None = None, at: dt.datetime | None = None
) -> Case:
    _require_staff(by, case)
    _require(case, (State.RECEIVED,), _("accepted"))
    before, state = _snap(case), case.state
    if remote_area is not None:
        case.remote_area = remote_area
    case.accepted_at = at or timezone.now()
    case.state = State.ACCEPTED
    case.resolution_due = deadlines.resolution_due(case)
    note = ""
    if case.case_type == DENUNCIATION:
        from ..types import DENUNCIATION_NOTICE

        notice = Calendar().due_date(
            deadlines.local_day(case.accepted_at), DENUNCIATION_NOTICE.days, DENUNCIATION_NOTICE.day_type
        )
        # Luật Tố cáo 2018, Điều 29: notify the denouncer within 5 working days of acceptance.
        note = _("Notice of acceptance due by %(d)s.") % {"d": notice.strftime("%d/%m/%Y")}
    _change(
        case, by, "accept", ["state", "accepted_at", "resolution_due", "remote_area"], state, before, note
    )
    _tell_state(case, _("Answer due by %(d)s.") % {"d": _d(case.resolution_due)})
    return case


@transaction.atomic
def case_refuse(*, case: Case, by: Any, reason: str) -> Case:
    _require_staff(by, case)
    _require(case, (State.RECEIVED,), pgettext("case", "refused"))
    if not reason.strip():
        raise DomainError(_("Give the reason for not accepting the case."), code="reason")
    before, state = _snap(case), case.state
    case.state, case.refusal_reason, case.closed_at = State.REFUSED, reason.strip()[:500], timezone.now()
    _change(case, by, "refuse", ["state", "refusal_reason", "closed_at"], state, before, reason)
    _tell_state(case, reason)
    return case


@transaction.atomic
def case_assign(*, case: Case, by: Any, handler: Any) -> Case:
    """Choose the handler. A denunciation's handler is chosen by the chairman, and nobody assigns a
    denunciation to themselves (need-to-know, Luật Tố cáo 2018)."""
    _require_staff(by, case, "cases.assign_case")
    _require(case, (State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS, State.PAUSED), _("assigned"))
    from ..permissions import is_unit_staff

    if case.is_confidential and getattr(handler, "pk", None) == by.pk:
        raise Forbidden(_("Nobody assigns a denunciation to themselves: the chairman chooses its handler."))
    if not is_unit_staff(handler, case.unit):
        raise DomainError(
            _("%(name)s is not on the staff of %(unit)s.") % {"name": handler, "unit": case.unit.name}
        )
    before, state = _snap(case), case.state
    case.handler = handler
    if case.state == State.ACCEPTED:
        case.state = State.IN_PROGRESS
    _change(case, by, "assign", ["handler", "state"], state, before, public=False)
    return case


@transaction.atomic
def case_transfer(*, case: Case, by: Any, to_unit: Place, reason: str) -> Case:
    _require_staff(by, case)
    _require(case, (State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS), _("transferred"))
    if not reason.strip():
        raise DomainError(_("Give the reason for the transfer."), code="reason")
    if to_unit.pk == case.unit_id:
        raise DomainError(_("The case is already held by %(unit)s.") % {"unit": to_unit.name})
    if to_unit.level > Level.COMMUNE:
        raise DomainError(_("Cases are held by communes or higher units, not by villages."))
    before, state = _snap(case), case.state
    Transfer.objects.create(
        case=case, from_unit=case.unit, to_unit=to_unit, reason=reason.strip()[:500], by=by
    )
    case.unit, case.handler = to_unit, None
    _change(
        case,
        by,
        "transfer",
        ["unit", "handler"],
        state,
        before,
        _("Transferred to %(unit)s: %(reason)s") % {"unit": to_unit.name, "reason": reason.strip()},
    )
    tell_submitters(
        case,
        _("Case %(code)s transferred") % {"code": case.tracking_code},
        _("Your case %(code)s is now held by %(unit)s. Reason: %(reason)s")
        % {"code": case.tracking_code, "unit": to_unit.name, "reason": reason.strip()},
    )
    return case


@transaction.atomic
def case_extend(*, case: Case, by: Any, reason: str, legal_basis: str = "") -> Case:
    _require_staff(by, case)
    _require(case, (State.ACCEPTED, State.IN_PROGRESS, State.PAUSED), _("extended"))
    if not reason.strip():
        raise DomainError(_("Give the reason for the extension."), code="reason")
    step = deadlines.next_extension(case.type, case)
    if step is None:
        raise Conflict(_("No further extension is allowed by law for this case."), code="no_extension")
    days, complexity, article = step
    before, state = _snap(case), case.state
    Extension.objects.create(
        case=case,
        days=days,
        complexity=complexity,
        reason=reason.strip()[:500],
        legal_basis=(legal_basis.strip() or article)[:300],
        by=by,
    )
    case.complexity = complexity
    case.resolution_due = deadlines.resolution_due(case)
    _change(
        case,
        by,
        "extend",
        ["complexity", "resolution_due"],
        state,
        before,
        _("Extended by %(days)d days (%(basis)s): %(reason)s")
        % {"days": days, "basis": legal_basis.strip() or article, "reason": reason.strip()},
    )
    _tell_state(case, _("New answer date: %(d)s.") % {"d": _d(case.resolution_due)})
    return case


@transaction.atomic
def case_pause(*, case: Case, by: Any, reason: str, legal_basis: str = "", on: dt.date | None = None) -> Case:
    _require_staff(by, case)
    _require(case, (State.ACCEPTED, State.IN_PROGRESS), _("suspended"))
    if not case.rules.suspension_allowed:
        raise Conflict(
            _("Suspension is only provided for cases received from 1 July 2026 (amending law 2025)."),
            code="no_suspension",
        )
    if not reason.strip():
        raise DomainError(_("Give the grounds for the suspension."), code="reason")
    before, state = _snap(case), case.state
    on = on or timezone.localdate()
    Pause.objects.create(case=case, started_on=on, reason=reason.strip()[:500], legal_basis=legal_basis[:300])
    case.state, case.paused_since = State.PAUSED, on
    _change(case, by, "pause", ["state", "paused_since"], state, before, reason)
    _tell_state(case, reason)
    return case


@transaction.atomic
def case_resume(*, case: Case, by: Any, on: dt.date | None = None) -> Case:
    _require_staff(by, case)
    _require(case, (State.PAUSED,), _("resumed"))
    before, state = _snap(case), case.state
    on = on or timezone.localdate()
    case.pauses.filter(ended_on__isnull=True).update(ended_on=on)
    case.state, case.paused_since = State.IN_PROGRESS, None
    case.resolution_due = deadlines.resolution_due(case)
    _change(case, by, "resume", ["state", "paused_since", "resolution_due"], state, before)
    _tell_state(case, _("New answer date: %(d)s.") % {"d": _d(case.resolution_due)})
    return case

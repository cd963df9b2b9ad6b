"""The handling of a case by its unit: acceptance, assignment, transfer, extension, suspension."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.i18n import later
from danchu.core.text import checked_text
from danchu.places.models import Level, Place

from .. import deadlines
from ..models import Case, Extension, Pause, State, Transfer
from .common import _change, _d, _require, _require_staff, _snap, _tell_state, tell_submitters
from .intake import check_existing


def _reason(text: str) -> str:
    """A reason as typed, or a refusal naming it: never cut to fit its column, never a NUL (a 500)."""
    return checked_text(text, label=_("The reason"), limit=500, code="reason")


def _basis(text: str) -> str:
    return checked_text(text, label=_("The legal basis"), limit=300, code="legal_basis")


@transaction.atomic
def case_accept(
    *, case: Case, by: Any, remote_area: bool | None = None, at: dt.datetime | None = None
) -> Case:
    _require_staff(by, case)
    _require(case, (State.RECEIVED,), _("accepted"))
    received = deadlines.local_day(case.received_at)
    if case.limitation_ends is not None and received > case.limitation_ends:
        # Luật Khiếu nại 2011, Art. 11: a complaint lodged after the time limit, without a valid
        # reason, is not accepted (record the obstacle first if there was one).
        raise Conflict(
            _("The time limit to complain ended on %(d)s: record the obstacle, if any, or refuse the case.")
            % {"d": _d(case.limitation_ends)},
            code="limitation",
        )
    before, state = _snap(case), case.state
    if remote_area is not None:
        case.remote_area = remote_area
    case.accepted_at = at or timezone.now()
    case.state = State.ACCEPTED
    case.resolution_due = deadlines.resolution_due(case)
    # Luật Tố cáo 2018, Art. 29: the denouncer is told of the acceptance within 5 working days.
    case.notice_due = deadlines.notice_due(case)
    note = _("Notice of acceptance due by %(d)s.") % {"d": _d(case.notice_due)} if case.notice_due else ""
    _change(
        case,
        by,
        "accept",
        ["state", "accepted_at", "resolution_due", "remote_area", "notice_due"],
        state,
        before,
        note,
    )
    _tell_state(case, later(lambda: _("Answer due by %(d)s.") % {"d": _d(case.resolution_due)}))
    return case


@transaction.atomic
def case_extend_acceptance(*, case: Case, by: Any, reason: str) -> Case:
    """Luật Tố cáo 2018, Art. 24: 10 working days instead of 7 when verification needs several places."""
    _require_staff(by, case)
    _require(case, (State.RECEIVED,), _("given more time to accept"))
    if case.rules.acceptance_extended is None:
        raise DomainError(_("This type of case has no longer acceptance period."), code="type")
    if case.acceptance_extended:
        raise Conflict(_("The acceptance period was already extended."), code="already_extended")
    reason = checked_text(reason, label=_("The reason"), limit=500, code="reason")
    if not reason:
        raise DomainError(_("Name the places where the verification is needed."), code="reason")
    before, state = _snap(case), case.state
    case.acceptance_extended = True
    case.acceptance_due = deadlines.acceptance_due(
        case.rules, deadlines.local_day(case.received_at), extended=True
    )
    _change(
        case,
        by,
        "extend_acceptance",
        ["acceptance_extended", "acceptance_due"],
        state,
        before,
        reason,
        public=False,
    )
    return case


@transaction.atomic
def case_record_limitation(
    *, case: Case, by: Any, known_on: dt.date, obstacle_days: int = 0, obstacle_reason: str = ""
) -> Case:
    """Luật Khiếu nại 2011, Art. 9: the 90-day time limit to lodge a first complaint runs from the
    day the complainant received the decision or learned of the act; days under an objective obstacle
    (illness, natural disaster, war, travel for work or study far away…) are not counted."""
    from ..types import COMPLAINT

    _require_staff(by, case)
    _require(case, (State.RECEIVED,), _("given a time limit"))
    if case.case_type != COMPLAINT:
        raise DomainError(_("The time limit applies to first-time complaints."), code="type")
    received = deadlines.local_day(case.received_at)
    if known_on > received:
        raise DomainError(
            _("The decision cannot be known after the complaint was received."), code="known_on"
        )
    if not 0 <= obstacle_days <= 3650:
        raise DomainError(_("The days of obstacle are out of range."), code="obstacle_days")
    obstacle_reason = checked_text(
        obstacle_reason, label=_("The obstacle"), limit=300, code="obstacle_reason"
    )
    if obstacle_days and not obstacle_reason:
        raise DomainError(_("Say what the obstacle was."), code="obstacle_reason")
    before, state = _snap(case), case.state
    case.decision_known_on, case.limitation_obstacle_days = known_on, obstacle_days
    case.limitation_obstacle_reason = obstacle_reason
    case.limitation_ends = deadlines.limitation_ends(case)
    _change(
        case,
        by,
        "limitation",
        ["decision_known_on", "limitation_obstacle_days", "limitation_obstacle_reason", "limitation_ends"],
        state,
        before,
        later(lambda: _("Time limit to complain ends on %(d)s.") % {"d": _d(case.limitation_ends)}),
        public=False,
    )
    return case


@transaction.atomic
def case_send_acceptance_notice(*, case: Case, by: Any) -> Case:
    """Luật Tố cáo 2018, Art. 29: tell the denouncer (never the denounced: their identity stays sealed)
    that the denunciation was accepted; the tracked deadline is met."""
    _require_staff(by, case)
    _require(case, (State.ACCEPTED, State.IN_PROGRESS, State.PAUSED, State.DRAFTED), _("notified"))
    if case.notice_due is None:
        raise DomainError(_("This case has no notice of acceptance to send."), code="type")
    if case.notice_sent_at is not None:
        raise Conflict(_("The notice of acceptance was already sent."), code="already_sent")
    before, state = _snap(case), case.state
    case.notice_sent_at = timezone.now()
    tell_submitters(
        case,
        later(lambda: _("Case %(code)s accepted") % {"code": case.tracking_code}),
        later(
            lambda: (
                _(
                    "Your denunciation %(code)s was accepted on %(d)s by %(unit)s; the conclusion is due by %(due)s."
                )
                % {
                    "code": case.tracking_code,
                    "d": _d(deadlines.local_day(case.accepted_at)) if case.accepted_at else "—",
                    "unit": case.unit.name,
                    "due": _d(case.resolution_due),
                }
            )
        ),
    )
    _change(case, by, "notice_acceptance", ["notice_sent_at"], state, before, public=False)
    return case


@transaction.atomic
def case_refuse(*, case: Case, by: Any, reason: str) -> Case:
    _require_staff(by, case)
    _require(case, (State.RECEIVED,), pgettext("case", "refused"))
    reason = _reason(reason)
    if not reason:
        raise DomainError(_("Give the reason for not accepting the case."), code="reason")
    before, state = _snap(case), case.state
    case.state, case.refusal_reason, case.closed_at = State.REFUSED, reason, timezone.now()
    _change(case, by, "refuse", ["state", "refusal_reason", "closed_at"], state, before, reason)
    _tell_state(case, reason)
    return case


@transaction.atomic
def case_assign(*, case: Case, by: Any, handler: Any) -> Case:
    """Choose the handler. A denunciation's handler is chosen by the chairman, and nobody assigns a
    denunciation to themselves (need-to-know, Luật Tố cáo 2018)."""
    _require_staff(by, case, "cases.assign_case")
    _require(case, (State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS, State.PAUSED), _("assigned"))
    from .. import handlers
    from ..permissions import is_unit_staff

    if handlers.is_routed(case):
        if not handlers.handles(handler, case):
            raise DomainError(
                _("%(name)s is not a member of the body that handles this case.") % {"name": handler}
            )
    else:
        if case.is_confidential and getattr(handler, "pk", None) == by.pk:
            raise Forbidden(
                _("Nobody assigns a denunciation to themselves: the chairman chooses its handler.")
            )
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
    from ..handlers import handler_of

    routed = handler_of(case.case_type)
    if routed is not None:
        # The body handles what was sent to it (a work's board: about its work); moving the case to
        # another commune would leave it with the same body under another unit's name.
        raise Conflict(
            _(
                "A case for the %(body)s is not transferred to another commune: if it is not for the board, "
                "refuse it and say where to turn."
            )
            % {"body": routed.label},
            code="routed",
        )
    reason = _reason(reason)
    if not reason:
        raise DomainError(_("Give the reason for the transfer."), code="reason")
    if to_unit.pk == case.unit_id:
        raise DomainError(_("The case is already held by %(unit)s.") % {"unit": to_unit.name})
    if to_unit.level > Level.COMMUNE:
        raise DomainError(_("Cases are held by communes or higher units, not by villages."))
    check_existing(to_unit, timezone.localdate())
    before, state = _snap(case), case.state
    Transfer.objects.create(case=case, from_unit=case.unit, to_unit=to_unit, reason=reason, by=by)
    case.unit, case.handler = to_unit, None
    _change(
        case,
        by,
        "transfer",
        ["unit", "handler"],
        state,
        before,
        later(lambda: _("Transferred to %(unit)s: %(reason)s") % {"unit": to_unit.name, "reason": reason}),
    )
    tell_submitters(
        case,
        later(lambda: _("Case %(code)s transferred") % {"code": case.tracking_code}),
        later(
            lambda: (
                _("Your case %(code)s is now held by %(unit)s. Reason: %(reason)s")
                % {"code": case.tracking_code, "unit": to_unit.name, "reason": reason}
            )
        ),
    )
    return case


@transaction.atomic
def case_extend(*, case: Case, by: Any, reason: str, legal_basis: str = "") -> Case:
    _require_staff(by, case)
    _require(case, (State.ACCEPTED, State.IN_PROGRESS, State.PAUSED), _("extended"))
    reason, legal_basis = _reason(reason), _basis(legal_basis)
    if not reason:
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
        reason=reason,
        legal_basis=legal_basis or article,
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
        later(
            lambda: (
                _("Extended by %(days)d days (%(basis)s): %(reason)s")
                % {"days": days, "basis": legal_basis or article, "reason": reason}
            )
        ),
    )
    _tell_state(case, later(lambda: _("New answer date: %(d)s.") % {"d": _d(case.resolution_due)}))
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
    reason, legal_basis = _reason(reason), _basis(legal_basis)
    if not reason:
        raise DomainError(_("Give the grounds for the suspension."), code="reason")
    before, state = _snap(case), case.state
    on = on or timezone.localdate()
    Pause.objects.create(case=case, started_on=on, reason=reason, legal_basis=legal_basis)
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
    _tell_state(case, later(lambda: _("New answer date: %(d)s.") % {"d": _d(case.resolution_due)}))
    return case

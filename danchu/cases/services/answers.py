"""The answer to a case and what follows it: drafting, signing, closing, reopening, rating,
linking and merging duplicates."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.i18n import later
from danchu.core.text import checked_text

from .. import deadlines, notify
from ..authority import case_signing_capacity, signature_lines, signers_of
from ..models import Case, Reply, State
from ..types import CASE_TYPES
from .common import _change, _event, _require, _require_staff, _snap, _tell_state, tell_submitters

# The longest answer the API takes (RespondIn.body): the page and the service keep the same bound.
ANSWER_MAX = 20_000


@transaction.atomic
def case_respond(*, case: Case, by: Any, body: str, publish: bool = False) -> Reply:
    """Draft the answer; it takes effect when a staff member signs it off (case_sign_reply)."""
    _require_staff(by, case)
    _require(case, (State.ACCEPTED, State.IN_PROGRESS, State.DRAFTED), _("answered"))
    body = checked_text(body, label=_("The answer"), limit=ANSWER_MAX, code="body")
    if not body:
        raise DomainError(_("Write the answer."), code="body")
    if publish and case.case_type not in [t.key for t in CASE_TYPES if t.open311]:
        raise DomainError(_("Answers to complaints and denunciations are not published on the commune page."))
    before, state = _snap(case), case.state
    case.replies.filter(status=Reply.Status.DRAFT).delete()
    reply = Reply.objects.create(case=case, body=body, drafted_by=by)
    case.state, case.response, case.response_public = State.DRAFTED, body, publish
    _change(case, by, "respond", ["state", "response", "response_public"], state, before, public=False)
    if case_signing_capacity(by, case) is None:
        _submit_for_signature(case, by)
    return reply


def _submit_for_signature(case: Case, by: Any) -> None:
    """Whoever may not sign drafts and submits: the chairman and the delegates in force are asked."""
    signers = signers_of(case.unit)
    for person in signers:
        notify.send(
            person=person,
            subject=later(
                lambda: _("Case %(code)s: an answer awaits your signature") % {"code": case.tracking_code}
            ),
            body=later(
                lambda: (
                    _("%(who)s drafted the answer to case %(code)s (%(title)s); read it and sign it off.")
                    % {"who": by, "code": case.tracking_code, "title": case.title}
                )
            ),
        )
    _event(
        case, "submit_for_signature", by, case.state, note=", ".join(str(p) for p in signers), public=False
    )


@transaction.atomic
def case_sign_reply(*, case: Case, by: Any, signer_title: str = "", at: dt.datetime | None = None) -> Reply:
    """Sign off the drafted answer: number it, generate the DOCX, mark the case answered. Only the
    chairman or a delegate in force signs (authority.py); the block names the capacity, so
    `signer_title` is ignored (kept for old API clients)."""
    at = at or timezone.now()
    capacity = case_signing_capacity(by, case, deadlines.local_day(at))
    if capacity is None:
        raise Forbidden(
            _(
                "Only the chairman, or a vice-chairman the chairman delegated, may sign for %(unit)s. "
                "Draft the answer: it is submitted for signature."
            )
            % {"unit": case.unit.name},
            code="not_signer",
        )
    _require(case, (State.DRAFTED,), _("signed off"))
    reply = case.replies.filter(status=Reply.Status.DRAFT).first()
    if reply is None:  # pragma: no cover - DRAFTED always has a draft
        raise Conflict(_("There is no drafted answer to sign."))
    from ..replies import build_reply_docx, next_number

    before, state = _snap(case), case.state
    reply.number = next_number(case, at)
    reply.status, reply.signed_by, reply.signed_at = Reply.Status.SIGNED, by, at
    reply.signer_title = "\n".join(signature_lines(capacity, case.type.reply_template))
    reply.document.save(
        f"{uuid.uuid4().hex}.docx", build_reply_docx(case, reply), save=False
    )  # not guessable
    reply.save()
    case.state, case.resolved_at = State.RESOLVED, at
    case.resolved_on_time = case.resolution_due is None or deadlines.local_day(at) <= case.resolution_due
    _change(
        case,
        by,
        "sign_reply",
        ["state", "resolved_at", "resolved_on_time"],
        state,
        before,
        later(lambda: _("Answer no. %(n)s signed.") % {"n": reply.number}),
    )
    _tell_state(
        case,
        later(lambda: _("Read the answer at the link below; you can then rate how satisfied you are.")),
    )
    _oblige_disclosure(case, reply)
    return reply


def _oblige_disclosure(case: Case, reply: Reply) -> None:
    """Nghị định 124/2020, Art. 29: a complaint decision is made public within 15 days of issue; the
    commune's compliance calendar gets the obligation (met by a disclosure with the case's code)."""
    from danchu.disclosures.services import obligation_on_event

    from ..types import COMPLAINT, COMPLAINT_SECOND

    if case.case_type not in (COMPLAINT, COMPLAINT_SECOND) or reply.signed_at is None:
        return
    issued = deadlines.local_day(reply.signed_at)
    obligation_on_event(
        place=case.unit,
        category="complaint_decision",
        key=case.tracking_code,
        on=issued,
        due_on=deadlines.disclosure_due(issued),
        source=f"cases.case:{case.pk}",
    )


@transaction.atomic
def case_close(*, case: Case, by: Any) -> Case:
    _require_staff(by, case)
    _require(case, (State.RESOLVED,), _("closed"))
    before, state = _snap(case), case.state
    case.state, case.closed_at = State.CLOSED, timezone.now()
    _change(case, by, "close", ["state", "closed_at"], state, before)
    _tell_state(case)
    return case


@transaction.atomic
def case_reopen(*, case: Case, by: Any, reason: str) -> Case:
    _require_staff(by, case)
    _require(case, (State.RESOLVED, State.CLOSED, State.REFUSED), _("reopened"))
    reason = checked_text(reason, label=_("The reason"), limit=500, code="reason")
    if not reason:
        raise DomainError(_("Give the reason for reopening."), code="reason")
    before, state = _snap(case), case.state
    if case.accepted_at is None:
        case.accepted_at = timezone.now()
        case.resolution_due = deadlines.resolution_due(case)
    case.state, case.resolved_at, case.resolved_on_time, case.closed_at = State.IN_PROGRESS, None, None, None
    case.refusal_reason = ""
    _change(
        case,
        by,
        "reopen",
        [
            "state",
            "resolved_at",
            "resolved_on_time",
            "closed_at",
            "accepted_at",
            "resolution_due",
            "refusal_reason",
        ],
        state,
        before,
        reason,
    )
    _tell_state(case, reason)
    return case


@transaction.atomic
def case_rate(*, case: Case, satisfaction: int, comment: str = "") -> Case:
    """The submitter rates the answer: 1 (not satisfied) … 5. The caller has checked `cases.rate`
    (`permissions.receipt_for`: the receipt key or the signed-in submitter, nobody who handles or
    supervises the case)."""
    _require(case, (State.RESOLVED, State.CLOSED), _("rated"))
    if case.satisfaction is not None:
        raise Conflict(_("This case has already been rated."), code="already_rated")
    if not 1 <= int(satisfaction) <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."), code="rating")
    comment = checked_text(comment, label=_("The comment"), limit=500, code="comment")
    before = _snap(case)
    case.satisfaction, case.satisfaction_comment = int(satisfaction), comment
    case.save(update_fields=["satisfaction", "satisfaction_comment", "updated_at"])
    _event(case, "rate", None, case.state, public=False)
    audit(actor=None, action="cases.rate", obj=case, before=before, after={"satisfaction": case.satisfaction})
    return case


@transaction.atomic
def case_link(*, case: Case, other: Case, by: Any) -> Case:
    _require_staff(by, case)
    _require_staff(by, other)
    if other.pk == case.pk:
        raise DomainError(_("A case cannot be linked to itself."))
    case.linked.add(other)
    _event(case, "link", by, case.state, other.tracking_code, public=False)
    audit(actor=by, action="cases.link", obj=case, after={"linked": other.tracking_code})
    return case


@transaction.atomic
def case_merge(*, case: Case, into: Case, by: Any) -> Case:
    """`case` is a duplicate of `into`: it stops, and its submitter follows `into` from now on."""
    _require_staff(by, case)
    _require_staff(by, into)
    _require(case, (State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS), _("merged"))
    if into.pk == case.pk or into.merged_into_id or into.state in (State.REFUSED, State.MERGED):
        # A refused case is not worked on: the duplicate would stop without an answer or a reason of its
        # own. (An answered one may take a duplicate: its submitter then reads the answer.)
        raise DomainError(_("Choose another open case to merge into."))
    if into.case_type != case.case_type:
        raise DomainError(_("Only cases of the same type can be merged."))
    before, state = _snap(case), case.state
    case.state, case.merged_into = State.MERGED, into
    _change(
        case,
        by,
        "merge",
        ["state", "merged_into"],
        state,
        before,
        later(lambda: _("Merged into %(code)s") % {"code": into.tracking_code}),
    )
    into.linked.add(case)
    tell_submitters(
        case,
        later(lambda: _("Case %(code)s merged") % {"code": case.tracking_code}),
        later(
            lambda: (
                _("Your case %(code)s is handled together with %(into)s; you will be told of its progress.")
                % {"code": case.tracking_code, "into": into.tracking_code}
            )
        ),
    )
    return case

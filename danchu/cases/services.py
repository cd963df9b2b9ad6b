"""Writes of the cases module: one function per use case, shared by web views, the API, Open311,
imports and jobs. Each runs atomically, leaves an audit entry and a timeline event, and raises a
DomainError with a translated message."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.permissions import can, is_staff, is_verified_resident
from danchu.core.audit import audit, snapshot
from danchu.core.calendar import Calendar
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Level, Place

from . import deadlines, notify, vault
from .models import (
    ApiKey,
    Case,
    CaseEvent,
    CasePhoto,
    Channel,
    Complexity,
    DeadlineReminder,
    Dialogue,
    Extension,
    Field,
    IdentityVault,
    Pause,
    ReceptionLog,
    ReceptionSlot,
    Reply,
    State,
    Transfer,
)
from .photos import clean_photo, max_photos
from .routing import route
from .types import CASE_TYPES, COMPLAINT_SECOND, DENUNCIATION, FEEDBACK, case_type

# The fields an audit entry may hold: never the submitter's identity or contact.
AUDIT_FIELDS = (
    "tracking_code",
    "case_type",
    "channel",
    "state",
    "field_id",
    "place_id",
    "unit_id",
    "handler_id",
    "complexity",
    "remote_area",
    "acceptance_due",
    "resolution_due",
    "accepted_at",
    "resolved_at",
    "closed_at",
    "rule_key",
)

# Unambiguous alphabet for tracking codes: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class IdentityRequired(DomainError):
    code = "identity_required"
    status = 403


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def new_tracking_code(prefix: str) -> str:
    return prefix + "-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def _snap(case: Case) -> dict[str, Any]:
    return snapshot(case, AUDIT_FIELDS)


def _event(
    case: Case, action: str, actor: Any, before: str = "", note: str = "", public: bool = True
) -> None:
    CaseEvent.objects.create(
        case=case,
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        from_state=before,
        to_state=case.state,
        note=note,
        public=public,
    )


def _require(case: Case, allowed: tuple[str, ...], action: str) -> None:
    if case.state not in allowed:
        raise Conflict(
            _("This case is “%(state)s”: it cannot be %(action)s now.")
            % {"state": State(case.state).label, "action": action},
            code="invalid_transition",
            detail={"state": case.state, "allowed_from": list(allowed)},
        )


def _require_staff(person: Any, case: Case, permission: str = "cases.handle_case") -> None:
    if not can(person, permission, case):
        raise Forbidden(_("Only the staff of %(unit)s may do this.") % {"unit": case.unit.name})


@dataclass
class Identity:
    """Who submits. For denunciations it is sealed in the vault and never stored in clear."""

    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    id_number: str = ""  # số định danh / CCCD, entered by reception staff
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def given(self) -> bool:
        return bool(self.name.strip())


# --- Intake --------------------------------------------------------------------------------------------


@transaction.atomic
def case_submit(
    *,
    case_type_key: str,
    place: Place,
    title: str,
    description: str,
    field: Field | None = None,
    submitter: Any = None,
    identity: Identity | None = None,
    anonymous: bool = False,
    channel: str = Channel.WEB,
    recorded_by: Any = None,
    contested_decision: str = "",
    denounced: str = "",
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    photos: list[tuple[str, bytes]] | None = None,
    received_at: dt.datetime | None = None,
    remote_area: bool | None = None,
    open311_client: ApiKey | None = None,
    send_notice: bool = True,
    first_decision_on: dt.date | None = None,
) -> Case:
    """File a case from any channel. `recorded_by` is the officer entering it for a citizen (walk-in,
    phone, letter, import); the citizen is `submitter` (an account) and/or `identity`."""
    if case_type_key not in CASE_TYPES:
        raise DomainError(_("Unknown case type."), code="unknown_type")
    ctype = case_type(case_type_key)
    identity = identity or Identity()
    submitter = submitter if getattr(submitter, "is_authenticated", False) else None
    title, description = (title or "").strip(), (description or "").strip()
    missing = [f for f, v in (("title", title), ("description", description)) if not v]
    if "contested_decision" in ctype.required_fields and not contested_decision.strip():
        missing.append("contested_decision")
    if "denounced" in ctype.required_fields and not denounced.strip():
        missing.append("denounced")
    if missing:
        raise DomainError(_("Please fill in every required field."), code="missing_fields", detail=missing)
    if place.level < Level.COMMUNE:
        raise DomainError(_("Choose the commune or village where the matter is."), code="place")
    if photos and len(photos) > max_photos():
        raise DomainError(_("At most %(n)d photos per case.") % {"n": max_photos()}, code="photos")
    if recorded_by is not None and not can(recorded_by, "cases.record_intake", place):
        raise Forbidden(_("Only the staff of the commune may record a case for a citizen."))

    if anonymous and not ctype.anonymous_allowed:
        raise IdentityRequired(
            _("%(type)s cannot be anonymous.") % {"type": ctype.label}, detail={"offer": FEEDBACK}
        )
    if ctype.requires_identity:
        verified = submitter is not None and is_verified_resident(submitter)
        entered_by_staff = recorded_by is not None and identity.given
        if not (verified or entered_by_staff):
            raise IdentityRequired(
                _(
                    "The law requires the identity of whoever files a %(type)s (name, address, identity document). "
                    "Sign in as a verified resident, or go to the commune's citizen reception. You may instead send "
                    "it as feedback, which needs no identity."
                )
                % {"type": str(ctype.label).lower()},
                detail={"offer": FEEDBACK},
            )
    if (
        not anonymous
        and submitter is None
        and not identity.given
        and not identity.phone
        and not identity.email
    ):
        anonymous = ctype.anonymous_allowed
        if not anonymous:
            raise IdentityRequired(_("Please give your name and a phone number or e-mail address."))

    received_at = received_at or timezone.now()
    received_day = deadlines.local_day(received_at)
    if case_type_key == COMPLAINT_SECOND:
        _check_second_complaint_window(place, first_decision_on, received_day, remote_area)
    rules = ctype.rules_on(received_day)
    unit, default_handler = route(place, field)  # default_handler: a User or None
    if remote_area is None:
        # Remote or difficult areas (Luật Khiếu nại 2011, Điều 28): a configurable list of place codes.
        remote_area = place.code in set(getattr(settings, "CASES_REMOTE_PLACE_CODES", ())) or (
            unit_code_remote(place)
        )
    confidential = ctype.confidential_submitter
    if submitter is not None and not identity.given:
        identity = Identity(
            name=submitter.full_name, phone=submitter.phone or "", email=submitter.email or ""
        )
    case = Case(
        case_type=ctype.key,
        channel=channel,
        field=field,
        place=place,
        unit=unit,
        handler=default_handler,
        title=title[:200],
        description=description,
        contested_decision=contested_decision.strip()[:300],
        denounced=denounced.strip()[:300],
        address=address.strip()[:300],
        latitude=latitude,
        longitude=longitude,
        anonymous=anonymous,
        recorded_by=recorded_by,
        remote_area=bool(remote_area),
        rule_key=rules.key,
        received_at=received_at,
        acceptance_due=deadlines.acceptance_due(rules, received_day),
        open311_client=open311_client,
        first_decision_on=first_decision_on,
    )
    if not confidential and not anonymous:
        case.submitter = submitter
        case.submitter_name = identity.name[:200]
        case.submitter_phone = identity.phone[:20]
        case.submitter_email = identity.email[:254]
    for _attempt in range(8):
        case.tracking_code = new_tracking_code(ctype.prefix)
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - 31^6 codes
        raise DomainError(_("Please try again."))
    if confidential:
        data = {
            "name": identity.name,
            "phone": identity.phone,
            "email": identity.email,
            "address": identity.address,
            "id_number": identity.id_number,
            "user_id": submitter.pk if submitter is not None else None,
        }
        IdentityVault.objects.create(case=case, ciphertext=vault.seal(data))
    for name, content in photos or []:
        CasePhoto.objects.create(case=case, image=clean_photo(content, name))
    _event(case, "received", recorded_by, note=str(Channel(channel).label))
    # A denouncer must not be linkable through the audit log either: the system is the actor.
    actor = None if confidential else (recorded_by or submitter)
    audit(
        actor=actor,
        action="cases.submit",
        obj=case,
        after=_snap(case),
        on_behalf_of=None if confidential else (submitter if recorded_by else None),
    )
    if send_notice:
        _notice_received(case, identity)
    return case


def _check_second_complaint_window(
    place: Place, first_decision_on: dt.date | None, filed_on: dt.date, remote_area: bool | None
) -> None:
    """Luật Khiếu nại 2011, Điều 33: a second-time complaint is filed within 30 days (45 in remote
    areas) of receiving the first-time decision or of its deadline passing; after that the remaining
    route is the administrative court. The date is therefore required: without it the period cannot
    be checked (one rule for the form, the API and the import)."""
    from .types import SECOND_COMPLAINT_FILING, SECOND_COMPLAINT_FILING_REMOTE

    if first_decision_on is None:
        raise DomainError(
            _(
                "A second-time complaint needs the date the first-time decision was received (or the date its "
                "deadline passed without a decision): the Law on Complaints, Art. 33, allows a second-time "
                "complaint only within 30 days of that date (45 days in remote areas)."
            ),
            code="first_decision_date_required",
            detail=["first_decision_on"],
        )
    if first_decision_on > filed_on:
        raise DomainError(
            _("The date the first-time decision was received cannot be after the complaint is filed."),
            code="first_decision_date_required",
            detail=["first_decision_on"],
        )

    remote = (
        remote_area
        if remote_area is not None
        else unit_code_remote(place) or place.code in set(getattr(settings, "CASES_REMOTE_PLACE_CODES", ()))
    )
    limit = (SECOND_COMPLAINT_FILING_REMOTE if remote else SECOND_COMPLAINT_FILING).days
    if (filed_on - first_decision_on).days > limit:
        raise DomainError(
            _(
                "A second-time complaint must be filed within %(days)d days of receiving the first-time decision "
                "(Law on Complaints, Art. 33); that time has passed. You may still bring the matter to the "
                "administrative court."
            )
            % {"days": limit},
            code="filing_period_passed",
        )


def unit_code_remote(place: Place) -> bool:
    codes = set(getattr(settings, "CASES_REMOTE_PLACE_CODES", ()))
    return bool(place.parent_id and place.parent is not None and place.parent.code in codes)


def _notice_received(case: Case, identity: Identity) -> None:
    subject = _("Your case %(code)s was received") % {"code": case.tracking_code}
    body = _(
        "%(unit)s received your %(type)s “%(title)s”. Tracking code: %(code)s. Follow it at /cases/track/ "
        "with this code. It will be accepted or answered by %(due)s."
    ) % {
        "unit": case.unit.name,
        "type": str(case.type_label).lower(),
        "title": case.title,
        "code": case.tracking_code,
        "due": case.acceptance_due.strftime("%d/%m/%Y"),
    }
    notify.send(
        email=identity.email,
        phone=identity.phone,
        subject=subject,
        body=body,
        confidential=case.is_confidential,
    )


def _recipients(case: Case) -> list[tuple[str, str, bool]]:
    """(email, phone, confidential) of the submitters of the case and of cases merged into it."""
    out = []
    for c in [case, *case.merged_cases.all()]:
        if c.is_confidential:
            vaulted = getattr(c, "vault", None)
            if vaulted is not None:
                data = vault.unseal(vaulted.ciphertext)
                out.append((data.get("email", ""), "", True))
        elif not c.anonymous:
            email = c.submitter_email or (c.submitter.email if c.submitter_id and c.submitter else "") or ""
            phone = c.submitter_phone or (c.submitter.phone if c.submitter_id and c.submitter else "") or ""
            out.append((email, phone, False))
    return out


def tell_submitters(case: Case, subject: str, body: str) -> None:
    for email, phone, confidential in _recipients(case):
        notify.send(
            email=email or "", phone=phone or "", subject=subject, body=body, confidential=confidential
        )


def _tell_state(case: Case, extra: str = "") -> None:
    subject = _("Case %(code)s: %(state)s") % {"code": case.tracking_code, "state": State(case.state).label}
    body = _("Your case %(code)s is now “%(state)s”. Held by: %(unit)s.") % {
        "code": case.tracking_code,
        "state": State(case.state).label,
        "unit": case.unit.name,
    }
    tell_submitters(case, subject, (body + " " + extra).strip())


# --- Workflow ------------------------------------------------------------------------------------------


def _change(
    case: Case,
    by: Any,
    action: str,
    fields: list[str],
    before_state: str,
    before: dict[str, Any],
    note: str = "",
    public: bool = True,
) -> Case:
    case.save(update_fields=[*fields, "updated_at"])
    _event(case, action, by, before_state, note, public)
    audit(actor=by, action=f"cases.{action}", obj=case, before=before, after=_snap(case))
    return case


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
        from .types import DENUNCIATION_NOTICE

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
    _require(case, (State.RECEIVED,), _("refused"))
    if not reason.strip():
        raise DomainError(_("Give the reason for not accepting the case."), code="reason")
    before, state = _snap(case), case.state
    case.state, case.refusal_reason, case.closed_at = State.REFUSED, reason.strip()[:500], timezone.now()
    _change(case, by, "refuse", ["state", "refusal_reason", "closed_at"], state, before, reason)
    _tell_state(case, reason)
    return case


@transaction.atomic
def case_assign(*, case: Case, by: Any, handler: Any) -> Case:
    _require_staff(by, case)
    _require(case, (State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS, State.PAUSED), _("assigned"))
    from .permissions import is_unit_staff

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


@transaction.atomic
def case_respond(*, case: Case, by: Any, body: str, publish: bool = False) -> Reply:
    """Draft the answer; it takes effect when a staff member signs it off (case_sign_reply)."""
    _require_staff(by, case)
    _require(case, (State.ACCEPTED, State.IN_PROGRESS, State.DRAFTED), _("answered"))
    if not body.strip():
        raise DomainError(_("Write the answer."), code="body")
    if publish and case.case_type not in [t.key for t in CASE_TYPES if t.open311]:
        raise DomainError(_("Answers to complaints and denunciations are not published on the commune page."))
    before, state = _snap(case), case.state
    case.replies.filter(status=Reply.Status.DRAFT).delete()
    reply = Reply.objects.create(case=case, body=body.strip(), drafted_by=by)
    case.state, case.response, case.response_public = State.DRAFTED, body.strip(), publish
    _change(case, by, "respond", ["state", "response", "response_public"], state, before, public=False)
    return reply


@transaction.atomic
def case_sign_reply(*, case: Case, by: Any, signer_title: str = "", at: dt.datetime | None = None) -> Reply:
    """Sign off the drafted answer: number it, generate the DOCX, mark the case answered."""
    _require_staff(by, case, "cases.sign_reply")
    _require(case, (State.DRAFTED,), _("signed off"))
    reply = case.replies.filter(status=Reply.Status.DRAFT).first()
    if reply is None:  # pragma: no cover - DRAFTED always has a draft
        raise Conflict(_("There is no drafted answer to sign."))
    from .replies import build_reply_docx, next_number

    before, state = _snap(case), case.state
    at = at or timezone.now()
    reply.number = next_number(case, at)
    reply.status, reply.signed_by, reply.signed_at = Reply.Status.SIGNED, by, at
    reply.signer_title = signer_title or _("Chairman")
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
        _("Answer no. %(n)s signed.") % {"n": reply.number},
    )
    _tell_state(case, _("Read the answer with your tracking code; you can then rate how satisfied you are."))
    return reply


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
    if not reason.strip():
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
    """The submitter (holder of the tracking code) rates the answer: 1 (not satisfied) … 5."""
    _require(case, (State.RESOLVED, State.CLOSED), _("rated"))
    if case.satisfaction is not None:
        raise Conflict(_("This case has already been rated."), code="already_rated")
    if not 1 <= int(satisfaction) <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."), code="rating")
    before = _snap(case)
    case.satisfaction, case.satisfaction_comment = int(satisfaction), comment.strip()[:500]
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
    if into.pk == case.pk or into.merged_into_id:
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
        _("Merged into %(code)s") % {"code": into.tracking_code},
    )
    into.linked.add(case)
    for email, phone, confidential in _recipients(case):
        notify.send(
            email=email,
            phone=phone,
            confidential=confidential,
            subject=_("Case %(code)s merged") % {"code": case.tracking_code},
            body=_("Your case %(code)s is handled together with %(into)s; you will be told of its progress.")
            % {"code": case.tracking_code, "into": into.tracking_code},
        )
    return case


def reveal_identity(*, case: Case, by: Any) -> dict[str, Any]:
    """The denouncer's identity, for the assigned handler only; every reading is audited."""
    if not can(by, "cases.reveal_identity", case):
        raise Forbidden(_("Only the handler assigned to this denunciation may see the denouncer's identity."))
    vaulted = IdentityVault.objects.filter(case=case).first()
    audit(actor=by, action="cases.identity_read", obj=case, after={"reader": by.pk})
    data = vault.unseal(vaulted.ciphertext) if vaulted else {}
    data.pop("user_id", None)
    return data


# --- Reception and dialogue ----------------------------------------------------------------------------


def _require_reception(by: Any, unit: Place) -> None:
    if not can(by, "cases.manage_reception", unit):
        raise Forbidden(_("Only the staff of %(unit)s may do this.") % {"unit": unit.name})


@transaction.atomic
def reception_slot_add(
    *,
    unit: Place,
    by: Any,
    date: dt.date,
    leader_name: str,
    leader_title: str = "",
    is_head: bool = True,
    session: str = ReceptionSlot.Session.DAY,
    location: str = "",
    leader: Any = None,
) -> ReceptionSlot:
    _require_reception(by, unit)
    if not leader_name.strip():
        raise DomainError(_("Name the leader who receives citizens."))
    slot = ReceptionSlot.objects.create(
        unit=unit,
        date=date,
        leader_name=leader_name.strip(),
        leader=leader,
        leader_title=leader_title,
        is_head=is_head,
        session=session,
        location=location,
    )
    audit(actor=by, action="cases.reception_slot_add", obj=slot, after=snapshot(slot))
    return slot


@transaction.atomic
def reception_log_add(
    *,
    unit: Place,
    by: Any,
    date: dt.date,
    leader_name: str,
    persons: int,
    content: str,
    result: str = "",
    is_head: bool = True,
    cases: list[Case] | None = None,
) -> ReceptionLog:
    _require_reception(by, unit)
    if persons < 1 or not content.strip() or not leader_name.strip():
        raise DomainError(_("Give the leader, the number of persons received (at least 1) and the content."))
    log = ReceptionLog.objects.create(
        unit=unit,
        date=date,
        leader_name=leader_name.strip(),
        persons=persons,
        content=content.strip(),
        result=result.strip(),
        is_head=is_head,
        recorded_by=by,
    )
    if cases:
        log.cases.set(cases)
    audit(actor=by, action="cases.reception_log_add", obj=log, after=snapshot(log))
    return log


@transaction.atomic
def dialogue_add(
    *,
    unit: Place,
    by: Any,
    held_on: dt.date,
    topic: str,
    leaders: str,
    participants: int,
    minutes: str,
    cases: list[Case] | None = None,
) -> Dialogue:
    _require_reception(by, unit)
    if not topic.strip() or not minutes.strip():
        raise DomainError(_("Give the topic and the minutes of the dialogue."))
    d = Dialogue.objects.create(
        unit=unit,
        held_on=held_on,
        topic=topic.strip(),
        leaders=leaders.strip(),
        participants=max(participants, 0),
        minutes=minutes.strip(),
        recorded_by=by,
    )
    if cases:
        d.cases.set(cases)
    audit(actor=by, action="cases.dialogue_add", obj=d, after=snapshot(d))
    return d


# --- Open311 API keys ----------------------------------------------------------------------------------


@transaction.atomic
def apikey_issue(*, name: str, by: Any, contact: str = "") -> tuple[ApiKey, str]:
    """Issue a key to an Open311 client app; the key is returned once, only its hash is kept."""
    if not (is_staff(by) and getattr(by, "is_superuser", False)) and not _is_admin(by):
        raise Forbidden(_("Only administrators issue API keys."))
    raw = "o311_" + secrets.token_urlsafe(24)
    key = ApiKey.objects.create(
        name=name.strip()[:100] or "client",
        prefix=raw[:12],
        digest=ApiKey.digest_of(raw),
        contact=contact[:200],
        created_by=by,
    )
    audit(actor=by, action="cases.apikey_issue", obj=key, after={"name": key.name, "prefix": key.prefix})
    return key, raw


def _is_admin(person: Any) -> bool:
    from danchu.accounts.permissions import is_admin

    return is_admin(person)


@transaction.atomic
def apikey_revoke(*, key: ApiKey, by: Any) -> ApiKey:
    if not _is_admin(by):
        raise Forbidden(_("Only administrators revoke API keys."))
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit(actor=by, action="cases.apikey_revoke", obj=key, after={"prefix": key.prefix})
    return key


def apikey_check(raw: str) -> ApiKey | None:
    if not raw:
        return None
    key = ApiKey.objects.filter(digest=ApiKey.digest_of(raw), revoked_at__isnull=True).first()
    if key is not None:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


# --- Deadline jobs -------------------------------------------------------------------------------------


def remind_and_escalate(today: dt.date | None = None) -> dict[str, int]:
    """Daily: remind handlers of cases due soon; escalate overdue ones to the head of the unit once."""
    from danchu.accounts.models import Membership, Role

    today = today or timezone.localdate()
    horizon = deadlines.due_soon_horizon(today)
    reminded = escalated = 0
    for case in Case.objects.due_between(today, horizon).select_related("handler", "unit"):
        if case.handler is None or case.current_due is None:
            continue
        kind = (
            DeadlineReminder.Kind.ACCEPTANCE
            if case.state == State.RECEIVED
            else DeadlineReminder.Kind.RESOLUTION
        )
        with transaction.atomic():
            _reminder, created = DeadlineReminder.objects.get_or_create(
                case=case, kind=kind, due_on=case.current_due, person=case.handler
            )
            if not created:
                continue  # this handler was already told about this deadline
            notify.send(
                person=case.handler,
                subject=_("Case %(code)s is due soon") % {"code": case.tracking_code},
                body=_("Case %(code)s (%(title)s) is due on %(d)s.")
                % {
                    "code": case.tracking_code,
                    "title": case.title,
                    "d": _d(case.current_due),
                },
            )
            _event(case, "remind", None, case.state, note=_d(case.current_due), public=False)
        reminded += 1
    overdue = list(
        Case.objects.overdue(today).filter(escalated_at__isnull=True).select_related("unit", "handler")
    )
    heads: dict[int, list[Any]] = {}
    for m in (
        Membership.objects.active()
        .filter(role=Role.COMMUNE_CHAIRMAN, place_id__in={c.unit_id for c in overdue})
        .select_related("person")
    ):
        if m.place_id is not None:
            heads.setdefault(m.place_id, []).append(m.person)
    for case in overdue:
        with transaction.atomic():
            for head in heads.get(case.unit_id, []):
                notify.send(
                    person=head,
                    subject=_("Overdue case %(code)s") % {"code": case.tracking_code},
                    body=_("Case %(code)s (%(title)s) held by %(handler)s was due on %(d)s.")
                    % {
                        "code": case.tracking_code,
                        "title": case.title,
                        "handler": case.handler or _("nobody yet"),
                        "d": _d(case.current_due),
                    },
                )
            case.escalated_at = timezone.now()
            case.save(update_fields=["escalated_at"])
            _event(case, "escalate", None, case.state, public=False)
            audit(actor=None, action="cases.escalate", obj=case, after={"due": case.current_due})
            escalated += 1
    return {"reminded": reminded, "escalated": escalated}


__all__ = [name for name in dir() if name.startswith(("case_", "reception_", "dialogue_", "apikey_"))] + [
    "Identity",
    "IdentityRequired",
    "reveal_identity",
    "remind_and_escalate",
    "tell_submitters",
    "Complexity",
]

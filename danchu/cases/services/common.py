"""What the use cases of the cases module share: audit snapshots, timeline events, state checks and
messages to the people who filed a case."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from danchu.accounts.phones import normalize_phone
from danchu.core.access import can
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.i18n import later, official_language

from .. import notify, receipts, vault
from ..models import Case, CaseEvent, State

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
    "acceptance_extended",
    "notice_due",
    "notice_sent_at",
    "decision_known_on",
    "limitation_obstacle_days",
    "limitation_ends",
)

# Unambiguous alphabet for tracking codes: no 0/O, 1/I/L.
CODE_ALPHABET = receipts.ALPHABET  # one alphabet for codes and receipt keys (read aloud, typed from paper)


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
    new_event(case, action, actor, before, note, public).save(force_insert=True)


def new_event(
    case: Case, action: str, actor: Any, before: str = "", note: str = "", public: bool = True
) -> CaseEvent:
    """A timeline event, not yet saved (many are written together by one bulk_create). A note made
    with `later` is recorded in the site's language: the timeline is the case's record, shown to the
    citizen, not written in whatever language the officer reads the site in."""
    if isinstance(note, Promise):
        with official_language():
            note = str(note)
    return CaseEvent(
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

    def __post_init__(self) -> None:
        # One number however it was written ("0912 345 678", "+84912345678"): staff find the case by
        # its digits and messages reach it. What is no phone number stays as written.
        if isinstance(self.phone, str):
            self.phone = normalize_phone(self.phone) or self.phone

    @property
    def given(self) -> bool:
        return bool(self.name.strip())


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
    if getattr(by, "pk", None):
        # Someone acted on an escalated case: its escalations leave the steering office's list.
        from ..models import Escalation

        Escalation.objects.filter(case=case, acted_at__isnull=True).update(acted_at=timezone.now())
    _event(case, action, by, before_state, note, public)
    audit(actor=by, action=f"cases.{action}", obj=case, before=before, after=_snap(case))
    return case


# --- Messages to the people who filed a case ----------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """Whom a case's news reaches: the submitter's account, and/or their addresses (written to in the
    language they filed in; a denouncer only by e-mail), each message with the link to their own case
    that carries its receipt key (the submitter is the one person the key is for)."""

    account: Any
    email: str
    phone: str
    confidential: bool
    language: str
    url: str = ""

    def tell(self, subject: str, body: str) -> None:
        notify.send(
            person=self.account,
            email=self.email,
            phone=self.phone,
            subject=subject,
            body=body,
            confidential=self.confidential,
            language=self.language,
            url=self.url,
        )


def filed_in(recorded_by: Any) -> str:
    """The language a citizen files in (the page's), kept for the news of their case; none ("": the
    site's, Vietnamese) when an officer typed the case up for them."""
    return "" if recorded_by else (translation.get_language() or "")[:8]


def _recipients(case: Case) -> list[Recipient]:
    """The submitters of the case and of the cases merged into it."""
    return [r for c in [case, *case.merged_cases.all()] if (r := _recipient(c)) is not None]


def _recipient(c: Case) -> Recipient | None:
    """The case's own submitter; None for an anonymous one."""
    url = receipts.track_path(c.tracking_code, c.receipt_key)
    if c.is_confidential:
        vaulted = getattr(c, "vault", None)
        if vaulted is None:
            return None
        sealed = vault.unseal(vaulted.ciphertext)
        return Recipient(None, sealed.get("email", ""), "", True, sealed.get("language", ""), url)
    if c.anonymous:
        return None
    account = c.submitter if c.submitter_id else None
    email = c.submitter_email or ""
    phone = c.submitter_phone or ""
    if account is not None:
        # Their account: by the channel and in the language they chose. An address typed on the form
        # that is not the account's own is written to as well (notify_address).
        if email.strip().lower() == (account.email or "").strip().lower():
            email = ""
        if phone and normalize_phone(phone) == normalize_phone(account.phone or ""):
            phone = ""
    return Recipient(account, email, phone, False, c.submitter_language, url)


def tell_submitters(case: Case, subject: str, body: str) -> None:
    for recipient in _recipients(case):
        recipient.tell(subject, body)


def tell_received(case: Case, identity: Identity) -> None:
    """The citizen told their case was received, with its tracking code, its receipt key (and the link
    that carries it) and acceptance deadline: a signed-in submitter by their account (channel,
    language), someone known by an address in the language they filed in (Vietnamese when an officer
    recorded it for them)."""
    key = case.receipt_key
    subject = later(lambda: _("Your case %(code)s was received") % {"code": case.tracking_code})
    body = later(
        lambda: (
            _(
                "%(unit)s received your %(type)s “%(title)s”. Tracking code: %(code)s; secret key: %(key)s (keep it "
                "to yourself: with it you read the answer and rate it). It will be accepted or answered by %(due)s."
            )
            % {
                "unit": case.unit.name,
                "type": str(case.type_label).lower(),
                "title": case.title,
                "code": case.tracking_code,
                "key": receipts.shown(key),
                "due": case.acceptance_due.strftime("%d/%m/%Y"),
            }
        )
    )
    if case.submitter_id and not case.is_confidential and (own := _recipient(case)) is not None:
        own.tell(subject, body)  # a new case has nothing merged into it yet
        return
    notify.send(
        email=identity.email.strip(),
        phone=identity.phone.strip(),
        subject=subject,
        body=body,
        confidential=case.is_confidential,
        language=filed_in(case.recorded_by_id),
        url=receipts.track_path(case.tracking_code, key),
    )


def _tell_state(case: Case, extra: str = "") -> None:
    """`extra`: a reason the handler wrote, or a text made with `later()` (read in each one's language)."""
    code, state, unit = case.tracking_code, State(case.state), case.unit.name
    subject = later(lambda: _("Case %(code)s: %(state)s") % {"code": code, "state": state.label})
    body = later(
        lambda: (
            _("Your case %(code)s is now “%(state)s”. Held by: %(unit)s.")
            % {"code": code, "state": state.label, "unit": unit}
            + " "
            + str(extra)
        ).strip()
    )
    tell_submitters(case, subject, body)

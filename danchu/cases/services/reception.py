"""Citizen reception (Luật Tiếp công dân 2013): the reception schedule, the reception log and
dialogues; and the API keys of Open311 client apps."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.permissions import is_admin
from danchu.core.access import can
from danchu.core.audit import audit, snapshot
from danchu.core.errors import DomainError, Forbidden
from danchu.core.text import checked_text
from danchu.places.models import Place

from ..models import ApiKey, Case, Dialogue, ReceptionLog, ReceptionSlot

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


def _not_ahead(day: dt.date) -> None:
    """A reception or a dialogue is recorded once it has taken place (the schedule plans ahead)."""
    if day > timezone.localdate():
        raise DomainError(
            _(
                "A reception or dialogue is recorded once it has taken place: its date cannot be in the future."
            )
        )


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
    _not_ahead(date)
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
    _not_ahead(held_on)
    if not topic.strip() or not minutes.strip():
        raise DomainError(_("Give the topic and the minutes of the dialogue."))
    if participants < 0:
        raise DomainError(_("The number of participants cannot be negative."))
    d = Dialogue.objects.create(
        unit=unit,
        held_on=held_on,
        topic=topic.strip(),
        leaders=leaders.strip(),
        participants=participants,
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
    if not is_admin(by):
        raise Forbidden(_("Only administrators issue API keys."))
    # Refused, not cut, when too long; a NUL would be a 500 on PostgreSQL.
    name = checked_text(name, label=_("The client name"), limit=100, required=True, code="name")
    contact = checked_text(contact, label=_("The contact"), limit=200, code="contact")
    raw = "o311_" + secrets.token_urlsafe(24)
    key = ApiKey.objects.create(
        name=name,
        prefix=raw[:12],
        digest=ApiKey.digest_of(raw),
        contact=contact,
        created_by=by,
    )
    audit(actor=by, action="cases.apikey_issue", obj=key, after={"name": key.name, "prefix": key.prefix})
    return key, raw


@transaction.atomic
def apikey_revoke(*, key: ApiKey, by: Any) -> ApiKey:
    if not is_admin(by):
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

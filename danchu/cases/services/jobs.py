"""The daily deadline job: remind handlers of cases due soon; escalate overdue ones to a person.

Escalation always reaches someone (issue #18): the commune's chairman (or an acting chairman); when
that seat is vacant or the chairman cannot be reached, the vice-chairmen (a signing delegation in
force, or configured contacts), then the commune's party secretary as configured, then the
province's steering committee office; as a last resort the system administrators. A case still open
`PROVINCE_ESCALATION` working days after its deadline also goes to the province's steering
committee office. Every escalation is recorded with who was told and by which channel
(`Escalation`); the steering office sees those nobody acted on (`queries.unacted_escalations`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.notify import notify as notify_person
from danchu.accounts.notify import notify_address
from danchu.core.audit import audit
from danchu.core.calendar import Calendar
from danchu.core.i18n import later
from danchu.places.models import Level, Place

from .. import deadlines, notify
from ..models import Case, Contact, DeadlineReminder, Delegation, Escalation, State
from ..types import PROVINCE_ESCALATION
from .common import _d, _event


@dataclass(frozen=True)
class Recipient:
    role: str
    person: Any = None
    name: str = ""
    email: str = ""
    phone: str = ""

    @property
    def label(self) -> str:
        if self.person is not None:
            return str(self.person)[:200]
        return (self.name or self.email or self.phone)[:200]


def heads_of(unit: Place) -> list[Any]:
    """The commune's chairmen (and acting chairmen) today."""
    from danchu.accounts.models import Membership, Role

    people = [
        m.person
        for m in Membership.objects.active()
        .filter(role=Role.COMMUNE_CHAIRMAN, place=unit)
        .select_related("person")
    ]
    people += [
        d.delegate
        for d in Delegation.objects.in_force()
        .filter(unit=unit, kind=Delegation.Kind.ACTING)
        .select_related("delegate")
    ]
    return list({p.pk: p for p in people if p.is_active}.values())


def _contacts(place: Place | None, kind: str) -> list[Recipient]:
    if place is None:
        return []
    return [
        Recipient(kind, c.person, c.name, c.email, c.phone)
        for c in Contact.objects.filter(place=place, kind=kind, active=True).select_related("person")
        if c.person is None or c.person.is_active
    ]


def _province_of(unit: Place) -> Place | None:
    if unit.level == Level.PROVINCE:
        return unit
    return next((p for p in unit.ancestors() if p.level == Level.PROVINCE), None)


def province_chain(unit: Place) -> list[list[Recipient]]:
    from danchu.accounts.models import Membership, Role, User

    province = _province_of(unit)
    office = _contacts(province, Contact.Kind.STEERING_OFFICE)
    members = (
        [
            Recipient("steering_member", m.person)
            for m in Membership.objects.active()
            .filter(role=Role.STEERING_MEMBER, place=province)
            .select_related("person")
        ]
        if province
        else []
    )
    admins = [
        Recipient("admin", u)
        for u in User.objects.filter(is_active=True)
        .filter(memberships__role=Role.ADMIN)
        .distinct()
        .order_by("pk")
    ]
    return [office, members, admins]


def commune_chain(unit: Place) -> list[list[Recipient]]:
    """The tiers an escalation about `unit` walks, in order; the first tier that reaches someone ends it."""
    vice = [
        Recipient("vice_chairman", d.delegate)
        for d in Delegation.objects.in_force()
        .filter(unit=unit, kind=Delegation.Kind.SIGN_FOR)
        .select_related("delegate")
    ] + _contacts(unit, Contact.Kind.VICE_CHAIRMAN)
    return [
        [Recipient("chairman", p) for p in heads_of(unit)],
        vice,
        _contacts(unit, Contact.Kind.PARTY_SECRETARY),
        *province_chain(unit),
    ]


def _deliver(r: Recipient, subject: str, body: str) -> str:
    """Send to one recipient; the channel used, or "" when they cannot be reached."""
    if r.person is not None:
        channel = r.person.notify_channel or "none"
        if channel != "none" and notify_person(r.person, subject=subject, body=body):
            return str(channel)
        # Their chosen channel has no address: try e-mail, then SMS, before giving up on them.
        for fallback in ("email", "sms"):
            if fallback != channel and notify_person(r.person, subject=subject, body=body, channel=fallback):
                return fallback
        return ""
    if r.email and notify_address("email", r.email, subject=subject, body=body):
        return "email"
    if r.phone and notify_address("sms", r.phone, subject=subject, body=body):
        return "sms"
    return ""


def case_chain(case: Case) -> list[list[Recipient]]:
    """The commune tiers for `case`: for a type handled by another body (handlers.py) its members,
    then the province (the commune's chairman, vice-chairmen and party secretary do not see such a
    case); otherwise `commune_chain`."""
    from .. import handlers

    if not handlers.is_routed(case):
        return commune_chain(case.unit)
    handler = handlers.handler_of(case.case_type)
    members = [Recipient("body", p) for p in handler.people(case)] if handler is not None else []
    return [members, *province_chain(case.unit)]


def escalate(
    case: Case, level: str, tiers: list[list[Recipient]], subject: str, body: str
) -> list[Escalation]:
    """Tell the first tier that reaches someone; record who was told and how."""
    due = case.current_due or deadlines.local_day(timezone.now())
    for tier in tiers:
        done = []
        for r in tier:
            channel = _deliver(r, subject, body)
            if not channel:
                continue
            esc, created = Escalation.objects.get_or_create(
                case=case,
                level=level,
                due_on=due,
                role=r.role,
                defaults={"person": r.person, "recipient": r.label, "channel": channel},
            )
            if created:
                done.append(esc)
        if done:
            return done
    return []


def _message(case: Case, province: bool) -> tuple[str, str]:
    """Read by each recipient in their language (`later`)."""
    subject = later(
        lambda: (
            (_("Overdue case %(code)s (to the province)") if province else _("Overdue case %(code)s"))
            % {"code": case.tracking_code}
        )
    )
    body = later(
        lambda: (
            _("Case %(code)s (%(title)s) of %(unit)s held by %(handler)s was due on %(d)s.")
            % {
                "code": case.tracking_code,
                "title": case.title,
                "unit": case.unit.name,
                "handler": case.handler or _("nobody yet"),
                "d": _d(case.current_due),
            }
        )
    )
    return subject, body


def _record(case: Case, level: str, told: list[Escalation]) -> None:
    who = "; ".join(f"{e.recipient} ({e.channel})" for e in told)
    _event(case, "escalate", None, case.state, note=who, public=False)
    audit(
        actor=None,
        action="cases.escalate",
        obj=case,
        after={
            "level": level,
            "due": case.current_due,
            "told": [{"role": e.role, "recipient": e.recipient, "channel": e.channel} for e in told],
        },
    )


def _remind_notices(today: dt.date, horizon: dt.date) -> int:
    """Luật Tố cáo 2018, Art. 29: remind the handler to tell the denouncer of the acceptance, once per
    date, from "due soon" on and while it is late."""
    sent = 0
    pending = Case.objects.filter(
        notice_due__isnull=False, notice_due__lte=horizon, notice_sent_at__isnull=True, handler__isnull=False
    ).exclude(state__in=(State.RESOLVED, State.CLOSED, State.REFUSED, State.MERGED))
    for case in pending.select_related("handler"):
        assert case.notice_due is not None and case.handler is not None
        with transaction.atomic():
            _r, created = DeadlineReminder.objects.get_or_create(
                case=case, kind=DeadlineReminder.Kind.NOTICE, due_on=case.notice_due, person=case.handler
            )
            if not created:
                continue
            notify.send(
                person=case.handler,
                subject=later(
                    lambda case: (
                        _("Case %(code)s: tell the denouncer of the acceptance")
                        % {"code": case.tracking_code}
                    ),
                    case,
                ),
                body=later(
                    lambda case: (
                        _(
                            "The notice of acceptance of case %(code)s is due on %(d)s (Luật Tố cáo 2018, Art. 29)."
                        )
                        % {"code": case.tracking_code, "d": _d(case.notice_due)}
                    ),
                    case,
                ),
            )
            _event(case, "remind", None, case.state, note=_d(case.notice_due), public=False)
        sent += 1
    return sent


def remind_and_escalate(today: dt.date | None = None) -> dict[str, int]:
    """Daily: remind handlers of cases due soon; escalate overdue ones (once per deadline and level)."""
    today = today or timezone.localdate()
    cal = Calendar()
    horizon = deadlines.due_soon_horizon(today, cal)
    reminded = escalated = to_province = 0
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
                subject=later(
                    lambda case: _("Case %(code)s is due soon") % {"code": case.tracking_code}, case
                ),
                body=later(
                    lambda case: (
                        _("Case %(code)s (%(title)s) is due on %(d)s.")
                        % {"code": case.tracking_code, "title": case.title, "d": _d(case.current_due)}
                    ),
                    case,
                ),
            )
            _event(case, "remind", None, case.state, note=_d(case.current_due), public=False)
        reminded += 1
    reminded += _remind_notices(today, horizon)
    overdue = Case.objects.overdue(today).select_related("unit", "handler").prefetch_related("escalations")
    for case in overdue:
        due = case.current_due
        if due is None:
            continue
        done = {e.level for e in case.escalations.all() if e.due_on == due}
        with transaction.atomic():
            if Escalation.Level.COMMUNE not in done:
                told = escalate(case, Escalation.Level.COMMUNE, case_chain(case), *_message(case, False))
                case.escalated_at = timezone.now()
                case.save(update_fields=["escalated_at"])
                _record(case, Escalation.Level.COMMUNE, told)
                escalated += 1
            late = cal.working_days_between(due, today)
            if late >= PROVINCE_ESCALATION.days and Escalation.Level.PROVINCE not in done:
                told = escalate(
                    case, Escalation.Level.PROVINCE, province_chain(case.unit), *_message(case, True)
                )
                _record(case, Escalation.Level.PROVINCE, told)
                to_province += 1
    return {"reminded": reminded, "escalated": escalated, "to_province": to_province}

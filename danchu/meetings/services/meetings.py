"""Meetings: convene, notify, check households in, count and decide items, confirm the minutes."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import HouseholdLink
from danchu.accounts.notify import notify
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.i18n import later
from danchu.core.text import checked_text
from danchu.places.models import Household, Level, Place

from .. import queries
from ..models import AgendaItem, Attendance, Meeting
from ..permissions import can_designate, can_run, can_run_in
from ..rules import C, rule_value

S = Meeting.Status
MAX_TEXT = 255


def clean(text: str, *, limit: int = MAX_TEXT, what: str = "") -> str:
    """NUL bytes and over-long text refused with a message, never a 500 or a truncation; the text
    composed (NFC): a name typed decomposed looks the same but compares different ("listed twice")."""
    return checked_text(text, label=what, limit=limit)


# The days a meeting or an election may fall on. Outside them a typo (year 1, year 9999) would reach
# the database or a deadline computed days before or after it and overflow the calendar: a 500.
EARLIEST_DAY, LATEST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def checked_day(day: dt.date, *, what: str) -> dt.date:
    """`day`, or a refusal naming the field when it falls outside EARLIEST_DAY..LATEST_DAY."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise DomainError(
            _("%(field)s must fall between %(start)s and %(end)s.")
            % {
                "field": what,
                "start": EARLIEST_DAY.strftime("%d/%m/%Y"),
                "end": LATEST_DAY.strftime("%d/%m/%Y"),
            },
            code="bad_date",
        )
    return day


def checked_start(starts_at: dt.datetime) -> dt.datetime:
    """The meeting's start, aware (a time without an offset is the local time, as on the form)."""
    checked_day(starts_at.date(), what=_("The meeting date"))
    return timezone.make_aware(starts_at) if timezone.is_naive(starts_at) else starts_at


@dataclass
class ItemSpec:
    title: str
    kind: str = AgendaItem.Kind.INFORM
    matter: int | None = None
    method: str = ""
    description: str = ""


@dataclass
class MeetingDraft:
    village: Place
    title: str
    starts_at: dt.datetime
    location: str
    items: list[ItemSpec] = field(default_factory=list)
    cluster: str = ""
    # Law Art. 18(1): the village head's post is vacant, the commune chairman designates a convener.
    convener: Any = None
    designation_reason: str = ""


def _check_item(spec: ItemSpec) -> ItemSpec:
    spec.title = clean(spec.title, what=_("The item's title"))
    spec.description = clean(spec.description, limit=5000, what=_("The item's description"))
    if not spec.title:
        raise DomainError(_("Each agenda item needs a title."), code="item_title")
    if spec.kind not in AgendaItem.Kind.values:
        raise DomainError(_("Unknown kind of agenda item."), code="item_kind")
    if spec.kind == AgendaItem.Kind.DECIDE and spec.matter not in AgendaItem.Matter.values:
        raise DomainError(
            _("An item to decide must say which of the six matters of Art. 15 it is."), code="item_matter"
        )
    if spec.kind == AgendaItem.Kind.ELECT:
        spec.matter = spec.matter if spec.matter in (4, 5) else AgendaItem.Matter.VILLAGE_HEAD
    if spec.kind in (AgendaItem.Kind.DECIDE, AgendaItem.Kind.ELECT):
        spec.method = spec.method or AgendaItem.Method.HANDS
        if spec.method not in AgendaItem.Method.values:
            raise DomainError(_("Unknown voting method."), code="item_method")
    else:
        spec.matter, spec.method = None, ""
    return spec


@transaction.atomic
def meeting_convene(*, actor: Any, draft: MeetingDraft) -> Meeting:
    village = draft.village
    if village.level != Level.VILLAGE:
        raise DomainError(_("A meeting is held by a village or residential group."), code="not_village")
    convener, designated_by = actor, None
    if draft.convener is not None and draft.convener != actor:
        if not can_designate(actor, village):
            raise Forbidden(
                _("Only the commune chairman designates a convener when the village head's post is vacant.")
            )
        reason = clean(draft.designation_reason, what=_("The reason"))
        if not reason:
            raise DomainError(_("Say why a convener is designated (e.g. the village head's post is vacant)."))
        convener, designated_by = draft.convener, actor
    elif not can_run_in(actor, village):
        raise Forbidden(_("You may only convene meetings of your own village."))
    title = clean(draft.title, what=_("The title"))
    location = clean(draft.location, what=_("The place"))
    if not title or not location:
        raise DomainError(_("A meeting needs a title and a place."), code="required")
    starts_at = checked_start(draft.starts_at)
    items = [_check_item(spec) for spec in draft.items]
    m = Meeting.objects.create(
        village=village,
        cluster=clean(draft.cluster, what=_("The cluster")),
        title=title,
        starts_at=starts_at,
        location=location,
        convener=convener,
        designated_by=designated_by,
        designation_reason=clean(draft.designation_reason, what=_("The reason")) if designated_by else "",
    )
    for order, spec in enumerate(items, start=1):
        AgendaItem.objects.create(
            meeting=m,
            order=order,
            title=spec.title,
            description=spec.description,
            kind=spec.kind,
            matter=spec.matter,
            method=spec.method,
        )
    audit(
        actor=actor,
        action="meetings.convene",
        obj=m,
        after={
            **snapshot(
                m, ["village_id", "title", "starts_at", "location", "convener_id", "designated_by_id"]
            ),
            "items": [s.title for s in items],
        },
    )
    return m


def _require_run(actor: Any, meeting: Meeting) -> None:
    if not can_run(actor, meeting):
        raise Forbidden(_("You may only run meetings of your own village."))


def notice_text(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.starts_at)
    agenda = "; ".join(f"{i.order}. {i.title}" for i in meeting.items.all())
    return _(
        '%(village)s invites each household to send its representative to the meeting "%(title)s" at '
        "%(time)s on %(date)s, at %(place)s. Agenda: %(agenda)s."
    ) % {
        "village": meeting.village.name,
        "title": meeting.title,
        "time": local.strftime("%H:%M"),
        "date": local.strftime("%d/%m/%Y"),
        "place": meeting.location,
        "agenda": agenda,
    }


def loudspeaker_text(meeting: Meeting) -> str:
    text = notice_text(meeting)
    return _("Attention, households of %(village)s. %(text)s We repeat: %(text)s") % {
        "village": meeting.village.name,
        "text": text,
    }


def _tell_households(m: Meeting, subject: str, body: str) -> int:
    """Each representative of a household on the meeting's roster with an account, by their own
    channel; the number reached."""
    links = HouseholdLink.objects.filter(
        household__in=queries.roster(m.village, m.meeting_day),
        status=HouseholdLink.Status.CONFIRMED,
        as_representative=True,
    ).select_related("person")
    url = reverse("meetings:detail", args=[m.pk])
    return sum(1 for link in links if notify(link.person, subject=subject, body=body, url=url))


@transaction.atomic
def notice_send(*, actor: Any, meeting: Meeting, now: dt.datetime | None = None) -> Meeting:
    """Notify every household's representative who has an account (their own channel); the printable
    notice and the loudspeaker text are on the notice page for the rest."""
    m = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_run(actor, m)
    if m.status not in (S.DRAFT, S.CONVENED):
        raise Conflict(_("The notice is sent before the meeting opens."), code="not_draft")
    now = now or timezone.now()
    if m.starts_at <= now:
        raise DomainError(_("The meeting time has passed: a notice can no longer be sent."), code="past")
    rule = rule_value(C.NOTICE_DAYS, m.meeting_day)
    sent = _tell_households(
        m, later(lambda: _("Meeting notice: %(title)s") % {"title": m.title}), later(lambda: notice_text(m))
    )
    before = snapshot(m, ["status", "notice_sent_at"])
    if m.notice_sent_at is not None:
        # Sent again (a reminder, a second click): the notice period is judged by the first notice
        # (Decree 59 Art. 11), which a reminder two days before must not overwrite.
        m.notified_count = max(m.notified_count, sent)
        m.save(update_fields=["notified_count"])
        audit(actor=actor, action="meetings.notice_resend", obj=m, before=before, after={"notified": sent})
        return m
    m.status, m.notice_sent_at = S.CONVENED, now
    m.notice_days_required, m.notice_legal_basis, m.notified_count = int(rule.value), rule.legal_basis, sent
    m.save(
        update_fields=[
            "status",
            "notice_sent_at",
            "notice_days_required",
            "notice_legal_basis",
            "notified_count",
        ]
    )
    from ..tasks import make_notice_audio

    transaction.on_commit(lambda: make_notice_audio(m.pk))
    audit(
        actor=actor,
        action="meetings.notice_send",
        obj=m,
        before=before,
        after={**snapshot(m, ["status", "notice_sent_at"]), "notified": sent},
    )
    return m


@transaction.atomic
def meeting_open(*, actor: Any, meeting: Meeting) -> Meeting:
    m = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_run(actor, m)
    if m.status != S.CONVENED:
        raise Conflict(_("Only a convened meeting (notice sent) can be opened."), code="not_convened")
    chair = clean(getattr(actor, "full_name", "") or str(actor), what=_("The chair"))
    m.status, m.opened_at = S.OPEN, timezone.now()
    m.roster_size = queries.roster(m.village, m.meeting_day).count()
    m.chair_name = m.chair_name or chair
    m.save(update_fields=["status", "opened_at", "roster_size", "chair_name"])
    audit(actor=actor, action="meetings.open", obj=m, after=snapshot(m, ["status", "roster_size"]))
    return m


def household_by_code(meeting: Meeting, code: str) -> Household:
    """A household of the meeting's roster by the code on its card (its number in the register)."""
    code = clean(code, limit=64, what=_("The household code"))
    if code.upper().startswith("HH:"):  # the QR payload: HH:<village code>:<household number>
        parts = code.split(":", 2)
        if len(parts) != 3 or parts[1] != meeting.village.code:
            raise DomainError(_("This card belongs to another village."), code="other_village")
        code = parts[2].strip()
    if not code:  # not "No household  in the list" (an empty name, a double space)
        raise DomainError(_("Type the household's code or scan its card."), code="required", detail=["code"])
    found = queries.roster(meeting.village, meeting.meeting_day).filter(number=code).first()
    if found is None:
        raise DomainError(
            _("No household %(code)s is registered in %(village)s on the meeting day.")
            % {"code": code, "village": meeting.village.name},
            code="not_on_roster",
        )
    return found


def checkin(
    *,
    actor: Any,
    meeting: Meeting,
    code: str,
    client_uuid: str = "",
    via: str = Attendance.Via.MANUAL,
    attendee_name: str = "",
) -> tuple[Attendance, bool]:
    """Record a household as represented. A repeat (same household, e.g. an offline queue sent twice)
    returns the first record and False: nothing is lost or doubled."""
    meeting = Meeting.objects.select_related("village__parent").get(pk=meeting.pk)  # the current status
    _require_run(actor, meeting)
    if meeting.status not in (S.CONVENED, S.OPEN):
        raise Conflict(_("Check-in is open from the notice until the meeting closes."), code="checkin_closed")
    household = household_by_code(meeting, code)
    name = clean(attendee_name, limit=200, what=_("The attendee's name"))
    try:
        key = uuid.UUID(client_uuid) if client_uuid else None
    except ValueError:
        raise DomainError(_("Malformed check-in identifier."), code="bad_uuid") from None
    if via not in Attendance.Via.values:
        via = Attendance.Via.MANUAL
    existing = Attendance.objects.filter(meeting=meeting, household=household).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            att = Attendance.objects.create(
                meeting=meeting,
                household=household,
                attendee_name=name,
                via=via,
                client_uuid=key,
                recorded_by=actor if getattr(actor, "pk", None) else None,
            )
            audit(
                actor=actor,
                action="meetings.checkin",
                obj=att,
                after={"meeting": meeting.pk, "household": household.number, "via": via},
            )
    except IntegrityError:  # a concurrent repeat won the race
        return Attendance.objects.get(meeting=meeting, household=household), False
    return att, True


@transaction.atomic
def meeting_close(*, actor: Any, meeting: Meeting, secretary_name: str = "", notes: str = "") -> Meeting:
    m = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_run(actor, m)
    if m.status != S.OPEN:
        raise Conflict(_("Only a meeting in session can be closed."), code="not_open")
    m.secretary_name = clean(secretary_name, limit=200, what=_("The secretary")) or m.secretary_name
    if not m.secretary_name:  # Decree 59, Template 03: the minutes name and are signed by the secretary
        raise DomainError(_("Name the secretary of the meeting."), code="secretary")
    m.minutes_notes = clean(notes, limit=20000, what=_("The minutes")) or m.minutes_notes
    m.status, m.closed_at = S.CLOSED, timezone.now()
    m.save(update_fields=["secretary_name", "minutes_notes", "status", "closed_at"])
    audit(actor=actor, action="meetings.close", obj=m, after=snapshot(m, ["status", "secretary_name"]))
    return m


@transaction.atomic
def minutes_confirm(*, actor: Any, meeting: Meeting) -> Meeting:
    """The chair confirms the minutes; they are then published as a disclosure of the village (by
    the chair when they may publish, else by commune staff with minutes_publish)."""
    m = Meeting.objects.select_for_update(of=("self",)).select_related("village__parent").get(pk=meeting.pk)
    _require_run(actor, m)
    if m.status != S.CLOSED:
        raise Conflict(_("The minutes are confirmed after the meeting is closed."), code="not_closed")
    missing = [i.title for i in m.items.all() if i.needs_vote and i.status != AgendaItem.Status.DECIDED]
    if missing:
        raise Conflict(
            _("These items have no result yet: %(items)s.") % {"items": "; ".join(missing)},
            code="items_undecided",
        )
    m.status, m.confirmed_at, m.confirmed_by = S.CONFIRMED, timezone.now(), actor
    m.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    audit(
        actor=actor, action="meetings.minutes_confirm", obj=m, after=snapshot(m, ["status", "confirmed_at"])
    )
    from ..publishing import can_publish, publishers

    if can_publish(actor, m):
        return minutes_publish(actor=actor, meeting=m)
    # A village head confirmed: the commune's staff publish (a to-do on their office home as well),
    # told in their own language.
    subject = later(lambda: _("Minutes to publish: %(title)s") % {"title": m.title})
    body = later(
        lambda: (
            _("The minutes of the meeting of %(village)s are confirmed; publish them to the village.")
            % {"village": m.village.name}
        )
    )
    for person in publishers(m):
        notify(person, subject=subject, body=body, url=reverse("meetings:detail", args=[m.pk]))
    return m


@transaction.atomic
def minutes_publish(*, actor: Any, meeting: Meeting) -> Meeting:
    from ..publishing import can_publish, publish_minutes

    m = Meeting.objects.select_for_update(of=("self",)).select_related("village__parent").get(pk=meeting.pk)
    if not can_publish(actor, m):  # first: who may not publish learns nothing of the minutes' state
        raise Forbidden(_("Commune staff publish the minutes."))
    if m.status != S.CONFIRMED:
        raise Conflict(_("Only confirmed minutes are published."), code="not_confirmed")
    if m.disclosure_id:
        raise Conflict(_("These minutes are already published."), code="published")
    m.disclosure_id = publish_minutes(actor=actor, meeting=m)
    m.save(update_fields=["disclosure_id"])
    audit(actor=actor, action="meetings.minutes_publish", obj=m, after={"disclosure": m.disclosure_id})
    return m


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting, reason: str) -> Meeting:
    """Call off a meeting before it opens (a storm, a wrong date: convene another). The households
    told to come are told it is off, with the reason; a dismissal put on one of its items goes back
    to await another meeting. Refused once an item is being voted on or decided."""
    m = Meeting.objects.select_for_update(of=("self",)).select_related("village").get(pk=meeting.pk)
    _require_run(actor, m)
    if m.status not in (S.DRAFT, S.CONVENED):
        raise Conflict(_("Only a meeting that has not opened can be cancelled."), code="not_cancellable")
    reason = clean(reason, what=_("The reason"))
    if not reason:
        raise DomainError(_("Say why the meeting is cancelled."), code="required")
    if (
        m.items.filter(online_open=True).exists()
        or m.items.exclude(status=AgendaItem.Status.PENDING).exists()
    ):
        raise Conflict(
            _("An item of this meeting is already being voted on or decided: it cannot be cancelled."),
            code="items_voted",
        )
    before = snapshot(m, ["status"])
    told = 0
    if m.status == S.CONVENED:
        told = _tell_households(
            m,
            later(lambda: _("Meeting cancelled: %(title)s") % {"title": m.title}),
            later(
                lambda: (
                    _("The meeting of %(date)s is cancelled: %(reason)s")
                    % {"date": timezone.localtime(m.starts_at).strftime("%H:%M %d/%m/%Y"), "reason": reason}
                )
            ),
        )
    m.status, m.cancel_reason = S.CANCELLED, reason
    m.save(update_fields=["status", "cancel_reason"])
    audit(
        actor=actor,
        action="meetings.cancel",
        obj=m,
        before=before,
        after={"status": m.status, "reason": reason, "notified": told},
    )
    from .dismissals import dismissal_off_agenda

    dismissal_off_agenda(actor=actor, meeting=m)
    return m

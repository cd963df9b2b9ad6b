"""Matters (vụ việc) of a People's Inspection Board, from receipt to the report to the commune Front.

The workflow (DOMAIN.md §6.1, Decree 59/2023 Art. 14): received (directly, suggestion box, online, from
a case) → classified (outside the scope: forwarded or guided, recorded) → a specific inspection plan sent
to the Front, the chairman and the inspected party ≥5 working days before → inspection (document
requests) → findings and signs of violation → recommendations → resolution; the report to the Front.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core import ratelimit
from danchu.core.audit import audit
from danchu.core.calendar import add_working_days, today
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.i18n import later
from danchu.places.models import Level, Place

from ..models import Board, BoardMember, Channel, DocumentRequest, Interest, Matter
from ..rules import in_force
from .case_follow import check_case_reference, follow_classification, follow_conclusion
from .common import chairmen, day, front_officers, matter_url, record, tell, text, unit_representatives
from .forwarding import file_with_commune
from .numbering import next_code

S = Matter.Status
DAILY_LIMIT = 10


def _require(matter: Matter, *states: str) -> None:
    if matter.status not in states:
        raise Conflict(
            _("This step is not possible while the matter is “%(status)s”.")
            % {"status": matter.get_status_display()}
        )


def seat(actor: Any, matter: Matter) -> BoardMember | None:
    return BoardMember.objects.filter(board=matter.board, person=actor, ended_on__isnull=True).first()


def check_not_interested(actor: Any, matter: Matter) -> None:
    """Law 10/2022 Art. 38 principles: a member who declared an interest does not handle the matter."""
    if Interest.objects.filter(matter=matter, member__person=actor).exists():
        raise Forbidden(
            _("You declared an interest in this matter: another member of the board must handle it.")
        )


@dataclass(frozen=True)
class MatterData:
    title: str
    description: str
    channel: str
    received_on: dt.date | None = None
    village: Place | None = None
    reporter_name: str = ""
    reporter_contact: str = ""
    case_reference: str = ""


def _fill(board: Board, data: MatterData) -> dict[str, Any]:
    if data.channel not in Channel.values:
        raise DomainError(_("Choose how the matter was received."))
    if data.village is not None and (
        data.village.level != Level.VILLAGE or data.village.parent_id != board.body.place_id
    ):
        raise DomainError(_("Choose a village of the board's commune."))
    if data.channel == Channel.CASE and not data.case_reference.strip():
        raise DomainError(_("Enter the case's tracking code."))
    return {
        "title": text(data.title, label=_("Title"), limit=255),
        "description": text(data.description, label=_("What was reported"), limit=10000),
        "channel": data.channel,
        "received_on": day(data.received_on, label=_("Date received")),
        "village": data.village,
        "reporter_name": text(data.reporter_name, label=_("Reported by"), limit=200, required=False),
        "reporter_contact": text(
            data.reporter_contact, label=_("Reporter's contact"), limit=100, required=False
        ),
        "case_reference": text(data.case_reference, label=_("Case reference"), limit=40, required=False),
    }


@transaction.atomic
def matter_receive(*, actor: Any, board: Board, data: MatterData, submitted_by: Any = None) -> Matter:
    """Record a matter: entered by a member (direct, suggestion-box slip, routed case) or sent online."""
    fields = _fill(board, data)
    if actor is not None and data.channel == Channel.CASE:  # typed by a member (online: the case just made)
        check_case_reference(data.case_reference)
    matter = Matter.objects.create(
        board=board, code=next_code(board, fields["received_on"].year), submitted_by=submitted_by, **fields
    )
    member = seat(actor, matter) if actor is not None else None
    if member is not None:
        matter.handlers.add(member)
    record(actor, "oversight.matter_receive", matter, ["code", "board_id", "channel", "received_on", "title"])
    return matter


@dataclass(frozen=True)
class Information:
    """What `information_send` answers: the board's matter and the citizen's tracked case, with the
    case's receipt key for the informant alone (cases/receipts.py)."""

    matter: Matter
    tracking_code: str
    receipt_key: str = ""


def _information_key(person: Any) -> str:
    return f"danchu:oversight:information:{person.pk}:{today().isoformat()}"


@transaction.atomic
def information_send(
    *,
    person: Any,
    board: Board,
    title: str,
    description: str,
    village: Place | None = None,
    channel: str = "web",
) -> Information:
    """A citizen tells the board about a suspected violation. It becomes a case of the cases module
    (tracking code, notice of receipt, deadlines; the informant's identity sealed as a denouncer's)
    and a matter of the board linked to it by the tracking code, with every current member as a
    handler and told. At most DAILY_LIMIT a day per person (the form is open to every signed-in
    person)."""
    from danchu.cases.services import CaseSubmission, case_submit

    from ..case_types import INFORMATION

    key = _information_key(person)
    if ratelimit.exceeded(key, DAILY_LIMIT):
        raise DomainError(
            _("You have sent %(n)s messages today; please continue tomorrow or contact the board directly.")
            % {"n": DAILY_LIMIT},
            status=429,
        )
    if village is not None and (village.level != Level.VILLAGE or village.parent_id != board.body.place_id):
        raise DomainError(_("Choose a village of the board's commune."))
    case = case_submit(
        CaseSubmission(
            case_type_key=INFORMATION,
            place=village or board.body.place,
            title=title,
            description=description,
            submitter=person,
            channel=channel,
            through_module=True,
        )
    )
    data = MatterData(
        title=title,
        description=description,
        channel=Channel.CASE,
        village=village,
        case_reference=case.tracking_code,
    )
    # The system records it (no actor): the matter must not name the informant.
    matter = matter_receive(actor=None, board=board, data=data)
    members = list(board.members.filter(ended_on__isnull=True).select_related("person"))
    matter.handlers.add(*members)
    tell(
        [m.person for m in members],
        subject=later(
            lambda: _("New information for the People's Inspection Board: %(code)s") % {"code": matter.code}
        ),
        body=matter.title,
        url=matter_url(matter),
    )
    ratelimit.hit(key, 24 * 3600)
    return Information(matter=matter, tracking_code=case.tracking_code, receipt_key=case.receipt_key)


@transaction.atomic
def matter_classify(
    *,
    actor: Any,
    matter: Matter,
    in_scope: bool,
    forwarded_to: str = "",
    note: str = "",
    on: dt.date | None = None,
    file_as_case: bool = False,
) -> Matter:
    """Within the board's scope (taken up) or outside it (forwarded or guided to the competent body;
    with `file_as_case`, filed with the commune People's Committee as a petition: forwarding.py).
    A forwarded matter the body sends back is classified again (the audit log keeps the first)."""
    _require(matter, S.RECEIVED, S.FORWARDED)
    fields = ["status", "classified_on", "forwarded_to", "forwarded_case"]
    before = {f: str(getattr(matter, f)) for f in fields}
    check_not_interested(actor, matter)
    matter.classified_on = day(on, label=_("Date"))
    if matter.classified_on < matter.received_on:
        raise DomainError(_("A matter is classified after it is received."))
    matter.classification_note = text(note, label=_("Note"), limit=2000, required=False)
    if in_scope:
        if file_as_case:
            raise DomainError(_("Only a matter outside the board's scope is filed as a petition."))
        matter.status, matter.forwarded_to = S.ACCEPTED, ""
    elif file_as_case:
        file_with_commune(matter, forwarded_to, actor)
        matter.status = S.FORWARDED
    else:
        matter.forwarded_to = text(forwarded_to, label=_("Forwarded or guided to"), limit=300)
        matter.status = S.FORWARDED
    matter.save(update_fields=["status", "classified_on", "classification_note", *fields[2:]])
    record(actor, "oversight.matter_classify", matter, fields, before)
    follow_classification(actor, matter)
    return matter


@transaction.atomic
def interest_declare(*, actor: Any, matter: Matter, note: str, on: dt.date | None = None) -> Interest:
    """A member declares an interest in a matter and stops handling it."""
    member = seat(actor, matter)
    if member is None:
        raise Forbidden(_("Only members of this board declare an interest in its matters."))
    if Interest.objects.filter(matter=matter, member=member).exists():
        raise Conflict(_("You have already declared an interest in this matter."))
    declared, note = day(on, label=_("Date")), text(note, label=_("Note"), limit=300)
    interest = Interest.objects.create(matter=matter, member=member, declared_on=declared, note=note)
    matter.handlers.remove(member)
    record(actor, "oversight.interest_declare", interest, ["matter_id", "member_id", "declared_on", "note"])
    return interest


@transaction.atomic
def matter_assign(*, actor: Any, matter: Matter, member: BoardMember) -> Matter:
    if member.board_id != matter.board_id or member.ended_on is not None:
        raise DomainError(_("Choose a current member of this board."))
    if Interest.objects.filter(matter=matter, member=member).exists():
        raise Forbidden(
            _("%(person)s declared an interest in this matter and cannot handle it.")
            % {"person": member.person}
        )
    matter.handlers.add(member)
    after = {"code": matter.code, "member_id": member.pk, "person_id": member.person_id}
    audit(actor=actor, action="oversight.matter_assign", obj=matter, after=after)
    return matter


def earliest_start(sent_on: dt.date) -> dt.date:
    rule = in_force("plan_notice", sent_on)
    return add_working_days(sent_on, rule.value)


@transaction.atomic
def inspection_plan_send(
    *,
    actor: Any,
    matter: Matter,
    inspected_party: str,
    plan: str,
    planned_start: dt.date,
    sent_on: dt.date | None = None,
) -> Matter:
    """The specific plan goes to the commune Front, the chairman and the inspected party."""
    _require(matter, S.ACCEPTED, S.PLANNED)
    check_not_interested(actor, matter)
    sent = day(sent_on, label=_("Date sent"))
    # Not checked against classified_on: the pages classify "today", a plan sent earlier is recorded late.
    if sent < matter.received_on:
        raise DomainError(_("The plan cannot be sent before the matter was received."))
    earliest = earliest_start(sent)
    if planned_start < earliest:
        rule = in_force("plan_notice", sent)
        raise DomainError(
            _(
                "The plan must be sent at least %(n)s working days before the inspection (%(article)s): "
                "with the plan sent on %(sent)s, the inspection may start on %(date)s at the earliest."
            )
            % {
                "n": rule.value,
                "article": rule.article,
                "sent": f"{sent:%d/%m/%Y}",
                "date": f"{earliest:%d/%m/%Y}",
            },
            detail={"earliest_start": earliest.isoformat()},
        )
    matter.inspected_party = text(inspected_party, label=_("Inspected party"), limit=300)
    matter.plan_content = text(plan, label=_("Inspection plan"), limit=10000)
    matter.plan_sent_on = sent
    matter.planned_start = planned_start
    matter.status = S.PLANNED
    matter.save(update_fields=["inspected_party", "plan_content", "plan_sent_on", "planned_start", "status"])
    board = matter.board
    place = board.body.place
    # A unit's board sends its plan to the unit (its head's and union's representatives), not to the
    # commune; they do not read the matter, so the notice carries no link.
    tell(
        unit_representatives(board.body) if board.is_unit else [*front_officers(place), *chairmen(place)],
        subject=later(
            lambda: _("Inspection plan of the People's Inspection Board: %(code)s") % {"code": matter.code}
        ),
        body=later(
            lambda: (
                _("%(title)s — from %(date)s. Inspected party: %(party)s.")
                % {
                    "title": matter.title,
                    "date": f"{planned_start:%d/%m/%Y}",
                    "party": matter.inspected_party,
                }
            )
        ),
        url=None if board.is_unit else matter_url(matter),
    )
    fields = ["status", "plan_sent_on", "planned_start", "inspected_party"]
    record(actor, "oversight.inspection_plan_send", matter, fields)
    return matter


@transaction.atomic
def inspection_start(*, actor: Any, matter: Matter, on: dt.date | None = None) -> Matter:
    """Refused before the plan has been out the legal number of working days (the refusal names the day)."""
    _require(matter, S.PLANNED)
    check_not_interested(actor, matter)
    start = day(on, label=_("Start date"))
    assert matter.plan_sent_on is not None
    earliest = earliest_start(matter.plan_sent_on)
    if start < earliest:
        rule = in_force("plan_notice", matter.plan_sent_on)
        raise DomainError(
            _(
                "The inspection cannot start yet: the plan was sent on %(sent)s and must be out %(n)s working "
                "days first (%(article)s). It may start on %(date)s."
            )
            % {
                "sent": f"{matter.plan_sent_on:%d/%m/%Y}",
                "n": rule.value,
                "article": rule.article,
                "date": f"{earliest:%d/%m/%Y}",
            },
            detail={"earliest_start": earliest.isoformat()},
        )
    matter.started_on = start
    matter.status = S.INSPECTING
    matter.save(update_fields=["started_on", "status"])
    record(actor, "oversight.inspection_start", matter, ["status", "started_on"])
    return matter


@transaction.atomic
def documents_request(
    *,
    actor: Any,
    matter: Matter,
    addressed_to: str,
    documents: str,
    due_on: dt.date | None = None,
    on: dt.date | None = None,
) -> DocumentRequest:
    _require(matter, S.ACCEPTED, S.PLANNED, S.INSPECTING)
    check_not_interested(actor, matter)
    requested = day(on, label=_("Date"))
    due = due_on or add_working_days(requested, in_force("documents_days", requested).value)
    if due < requested:
        raise DomainError(_("The due date must not be before the request."))
    req = DocumentRequest.objects.create(
        matter=matter,
        addressed_to=text(addressed_to, label=_("Requested from"), limit=300),
        documents=text(documents, label=_("Documents requested"), limit=5000),
        requested_on=requested,
        due_on=due,
    )
    record(actor, "oversight.documents_request", req, ["matter_id", "addressed_to", "requested_on", "due_on"])
    return req


@transaction.atomic
def documents_received(*, actor: Any, request: DocumentRequest, on: dt.date | None = None) -> DocumentRequest:
    if request.received_on is not None:
        raise Conflict(_("These documents are already recorded as received."))
    check_not_interested(actor, request.matter)
    request.received_on = day(on, label=_("Date"))
    request.save(update_fields=["received_on"])
    record(actor, "oversight.documents_received", request, ["received_on"])
    return request


@transaction.atomic
def matter_conclude(
    *,
    actor: Any,
    matter: Matter,
    findings: str,
    signs_of_violation: bool,
    public: bool = False,
    on: dt.date | None = None,
) -> Matter:
    """The board's conclusion: findings and whether there are signs of violation (decided collectively)."""
    _require(matter, S.INSPECTING)
    check_not_interested(actor, matter)
    concluded = day(on, label=_("Date"))
    if matter.started_on and concluded < matter.started_on:
        raise DomainError(_("The conclusion cannot come before the inspection started."))
    matter.findings = text(findings, label=_("Findings"), limit=20000)
    matter.signs_of_violation = bool(signs_of_violation)
    matter.public = bool(public)
    matter.concluded_on = concluded
    matter.status = S.CONCLUDED
    matter.save(update_fields=["findings", "signs_of_violation", "public", "concluded_on", "status"])
    fields = ["status", "concluded_on", "signs_of_violation", "public"]
    record(actor, "oversight.matter_conclude", matter, fields)
    follow_conclusion(actor, matter)
    return matter


@transaction.atomic
def matter_report(*, actor: Any, matter: Matter, report: str, on: dt.date | None = None) -> Matter:
    """The board reports the matter's outcome to the commune Front (Decree 59/2023, Art. 14)."""
    _require(matter, S.CONCLUDED, S.RECOMMENDED, S.RESOLVED)
    check_not_interested(actor, matter)
    matter.report = text(report, label=_("Report"), limit=20000)
    matter.reported_on = day(on, label=_("Date"))
    matter.save(update_fields=["report", "reported_on"])
    board = matter.board
    tell(
        unit_representatives(board.body) if board.is_unit else front_officers(board.body.place),
        subject=later(lambda: _("Report of the People's Inspection Board: %(code)s") % {"code": matter.code}),
        body=matter.title,
        url=None if board.is_unit else matter_url(matter),
    )
    record(actor, "oversight.matter_report", matter, ["reported_on"])
    return matter


@transaction.atomic
def matter_publish(*, actor: Any, matter: Matter, public: bool) -> Matter:
    """Publish a concluded matter's findings on the commune's page, or withdraw them (a board that
    did not tick "publish" when it concluded, or published by mistake)."""
    if public and matter.status not in (S.CONCLUDED, S.RECOMMENDED, S.RESOLVED):
        raise Conflict(_("Only a concluded matter's findings can be made public."))
    check_not_interested(actor, matter)
    if matter.public == bool(public):
        raise Conflict(_("The findings are already public.") if public else _("The findings are not public."))
    matter.public = bool(public)
    matter.save(update_fields=["public"])
    record(actor, "oversight.matter_publish", matter, ["public"])
    return matter

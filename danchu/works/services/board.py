"""The community investment supervision board (Law 10/2022 Arts. 41–43; Decree 59 Arts. 17–18)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.accounts.models import Body, Membership, Role
from danchu.accounts.notify import notify
from danchu.accounts.permissions import COMMUNE_STAFF
from danchu.core.audit import audit
from danchu.core.errors import Conflict, DomainError
from danchu.places.models import Place

from ..checklist import CODES, Status
from ..models import Board, BoardMember, Information, Photo, Recommendation, Session, Work
from ..photos import clean_photos
from .common import clean_text, not_future

# Relations a member declares (Law Art. 42): with any of these, the member may not serve.
CONFLICTS = ("decision_maker", "investor", "consultant", "contractor", "supervision_consultant")


def _tell(people: list[Any], subject: Any, body: Any, work: Work) -> None:
    """Notify once the transaction commits (nothing is sent for a change that rolled back), with a
    link to the work's page."""
    url = reverse("works:detail", args=[work.pk])

    def send() -> None:
        for person in {p.pk: p for p in people}.values():
            notify(person, subject=subject, body=body, url=url)

    transaction.on_commit(send)


def _commune_staff(work: Work) -> list[Any]:
    found = (
        Membership.objects.active()
        .filter(role__in=COMMUNE_STAFF, place=work.commune)
        .select_related("person")
    )
    return [m.person for m in found]


def _members(board: Board) -> list[Any]:
    linked = [m.person for m in board.members.current().select_related("person") if m.person is not None]
    by_role = (
        Membership.objects.active()
        .filter(role=Role.SUPERVISION_MEMBER, body=board.body)
        .select_related("person")
    )
    return linked + [m.person for m in by_role]


def min_members() -> int:
    # Decree 59/2023 Art. 17: at least 5 members [C] — a setting all the same (DOMAIN.md §13).
    return settings.WORKS_BOARD_MIN_MEMBERS


def max_deputies() -> int:
    # Decree 59/2023 Art. 17: at most 2 deputy heads [C].
    return settings.WORKS_BOARD_MAX_DEPUTIES


def _active(board: Board) -> None:
    if board.status != Board.Status.ACTIVE:
        raise Conflict(_("The board has finished its task and is closed."))


def _not_before_established(board: Board, day: dt.date) -> None:
    if day < board.established_on:
        raise DomainError(
            _("The board was set up on %(d)s; its work cannot be dated before.")
            % {"d": board.established_on.strftime("%d/%m/%Y")}
        )


@transaction.atomic
def board_establish(
    *, work: Work, by: Any, decision_number: str, established_on: dt.date, body: Body | None = None
) -> Board:
    """Set up by a decision of the commune Fatherland Front committee, one board per project."""
    if Board.objects.filter(work=work).exists():
        raise Conflict(_("This work already has a supervision board."))
    not_future(established_on, field=_("Date"))
    if established_on < work.decision_date:
        raise DomainError(_("A board cannot be set up before the decision on its work."))
    if body is None:
        name = _("Community investment supervision board – %(work)s") % {"work": work.title}
        body = Body.objects.create(kind=Body.Kind.SUPERVISION_BOARD, name=name[:200], place=work.commune)
    elif body.kind != Body.Kind.SUPERVISION_BOARD or Board.objects.filter(body=body).exists():
        raise DomainError(_("That body cannot be this work's supervision board."))
    board = Board.objects.create(
        work=work,
        body=body,
        decision_number=clean_text(
            decision_number, field=_("Front decision number"), max_length=64, required=True
        ),
        established_on=established_on,
    )
    audit(
        actor=by,
        action="works.board_establish",
        obj=board,
        after={"work": work.pk, "decision": board.decision_number},
    )
    return board


@dataclass
class MemberData:
    full_name: str
    represents: str
    position: str = BoardMember.Position.MEMBER
    village: Place | None = None
    elected_on: dt.date | None = None
    election_record: str = ""
    election_ref: str = ""
    relation: str = ""  # a declared relation with the project (CONFLICTS) — blocks the assignment
    person: Any = None


@transaction.atomic
def board_member_add(*, board: Board, by: Any, data: MemberData) -> BoardMember:
    _active(board)
    if data.relation:
        # Law Art. 42: neither the member nor their relatives may be the decision-maker, investor,
        # consultant, contractor or supervision consultant of the project.
        raise DomainError(
            _("%(name)s declared a relation with the project (%(rel)s) and cannot be a member of its board.")
            % {"name": data.full_name, "rel": data.relation}
        )
    if (
        data.position not in BoardMember.Position.values
        or data.represents not in BoardMember.Represents.values
    ):
        raise DomainError(_("Unknown position or representation."))
    if data.represents == BoardMember.Represents.RESIDENT:
        if data.village is None or not board.work.villages.filter(pk=data.village.pk).exists():
            raise DomainError(_("A resident member lives in one of the work's villages."))
        if not data.election_record and not data.election_ref:
            raise DomainError(
                _("A resident member is elected at a community meeting: give the election record.")
            )
    if data.elected_on:
        not_future(data.elected_on, field=_("Election date"))
    positions = list(board.members.current().values_list("position", flat=True))
    if data.position == BoardMember.Position.HEAD and BoardMember.Position.HEAD in positions:
        raise Conflict(_("The board already has a head."))
    if (
        data.position == BoardMember.Position.DEPUTY
        and positions.count(BoardMember.Position.DEPUTY) >= max_deputies()
    ):
        raise Conflict(_("The board already has %(n)d deputy heads.") % {"n": max_deputies()})
    member = BoardMember.objects.create(
        board=board,
        person=data.person,
        full_name=clean_text(data.full_name, field=_("Full name"), max_length=200, required=True),
        position=data.position,
        represents=data.represents,
        village=data.village,
        elected_on=data.elected_on,
        election_record=clean_text(data.election_record, field=_("Election record"), max_length=255),
        election_ref=clean_text(data.election_ref, field=_("Meeting item"), max_length=64),
    )
    audit(
        actor=by,
        action="works.board_member_add",
        obj=board,
        after={"member": member.full_name, "position": member.position},
    )
    return member


@transaction.atomic
def board_member_withdraw(
    *, member: BoardMember, by: Any, relation: str = "", reason: str = ""
) -> BoardMember:
    """A member leaves the board: on a relation with the project declared after the assignment
    (Law Art. 42 — the member may no longer serve), or for another reason given."""
    _active(member.board)
    if member.left_on is not None:
        raise Conflict(_("This member has already left the board."))
    if relation and relation not in CONFLICTS:
        raise DomainError(_("Unknown relation."))
    reason = clean_text(reason, field=_("Reason"), max_length=255, required=not relation)
    member.left_on = timezone.localdate()
    member.left_reason = f"{relation}: {reason}".strip(": ") if relation else reason
    member.save(update_fields=["left_on", "left_reason"])
    audit(
        actor=by,
        action="works.board_member_withdraw",
        obj=member.board,
        after={"member": member.full_name, "reason": member.left_reason},
    )
    return member


@transaction.atomic
def board_plan_set(*, board: Board, by: Any, plan: str) -> Board:
    _active(board)
    before = {"plan": board.plan}
    board.plan = clean_text(plan, field=_("Supervision plan"), max_length=10000, required=True)
    board.save(update_fields=["plan"])
    audit(actor=by, action="works.board_plan", obj=board, before=before, after={"plan": board.plan})
    return board


@transaction.atomic
def session_record(
    *,
    board: Board,
    by: Any,
    held_on: dt.date,
    checklist: dict[str, dict[str, str]],
    findings: str,
    violation: bool = False,
    photos: list[tuple[bytes, str]] | None = None,
) -> Session:
    """A supervision session at the site with the legal checklist, findings and photos."""
    _active(board)
    if board.members.current().count() < min_members():
        raise Conflict(
            _("The board needs at least %(n)d members before it supervises.") % {"n": min_members()}
        )
    # Law 10/2022 Art. 41: the board is made of representatives of the commune Fatherland Front, of the
    # commune People's Inspection Board and of the residents where the work is (DOMAIN.md §6.2).
    present = set(board.members.current().values_list("represents", flat=True))
    missing = [str(label) for value, label in BoardMember.Represents.choices if value not in present]
    if missing:
        raise Conflict(
            _("The board needs a member representing each of: %(groups)s before it supervises.")
            % {"groups": ", ".join(missing)}
        )
    not_future(held_on, field=_("Date"))
    _not_before_established(board, held_on)
    clean: dict[str, dict[str, str]] = {}
    for code in CODES:
        item = checklist.get(code) or {}
        status = item.get("status") or Status.NA
        if status not in Status.ALL:
            raise DomainError(_("Unknown answer in the checklist."))
        clean[code] = {
            "status": status,
            "note": clean_text(item.get("note", ""), field=_("Note"), max_length=1000),
        }
    if set(checklist) - set(CODES):
        raise DomainError(_("Unknown item in the checklist."))
    findings = clean_text(findings, field=_("Findings"), max_length=10000, required=True)
    files = clean_photos(photos or [])
    session = Session.objects.create(
        board=board, held_on=held_on, checklist=clean, findings=findings, violation=violation, by=by
    )
    for f in files:
        Photo.objects.create(work=board.work, session=session, image=f)
    audit(
        actor=by,
        action="works.session_record",
        obj=session,
        after={"board": board.pk, "violation": violation},
    )
    return session


@transaction.atomic
def recommendation_make(
    *,
    board: Board,
    by: Any,
    text: str,
    due_on: dt.date,
    addressee: str = Recommendation.Addressee.INVESTOR,
    session: Session | None = None,
    suspension: bool = False,
) -> Recommendation:
    """A recommendation to the investor or the commune; `suspension`: a proposal to suspend the
    project, which the law allows on violations seriously affecting the community (DOMAIN.md §6.2)."""
    _active(board)
    if addressee not in Recommendation.Addressee.values:
        raise DomainError(_("Unknown addressee."))
    if session is not None and session.board_id != board.pk:
        raise DomainError(_("That session is not this board's."))
    made_on = session.held_on if session is not None else timezone.localdate()
    if due_on < made_on:
        raise DomainError(_("The answer cannot be due before the recommendation is made."))
    rec = Recommendation.objects.create(
        board=board,
        session=session,
        addressee=addressee,
        text=clean_text(text, field=_("Recommendation"), max_length=5000, required=True),
        made_on=made_on,
        due_on=due_on,
        suspension=suspension,
    )
    audit(
        actor=by,
        action="works.recommendation_make",
        obj=rec,
        after={"board": board.pk, "suspension": suspension},
    )
    _tell(
        _commune_staff(board.work),
        format_lazy(
            "{}: {}",
            gettext_lazy("A recommendation of the supervision board awaits your answer"),
            board.work.title,
        ),
        format_lazy("{} {}\n\n{}", gettext_lazy("Answer due:"), due_on.strftime("%d/%m/%Y"), rec.text),
        board.work,
    )
    return rec


@transaction.atomic
def recommendation_answer(*, recommendation: Recommendation, by: Any, answer: str) -> Recommendation:
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if rec.status == Recommendation.Status.CLOSED:
        raise Conflict(_("The recommendation is closed."))
    if rec.status == Recommendation.Status.ANSWERED:
        # The board was told of the answer and follows it up: a second one would replace it unseen.
        raise Conflict(_("The recommendation has already been answered."))
    rec.answer = clean_text(answer, field=_("Answer"), max_length=5000, required=True)
    rec.answered_on = timezone.localdate()
    rec.status = Recommendation.Status.ANSWERED
    rec.save(update_fields=["answer", "answered_on", "status"])
    audit(actor=by, action="works.recommendation_answer", obj=rec, after={"answer": rec.answer})
    _tell(
        _members(rec.board),
        format_lazy("{}: {}", gettext_lazy("Your recommendation was answered"), rec.board.work.title),
        rec.answer,
        rec.board.work,
    )
    return rec


@transaction.atomic
def recommendation_close(*, recommendation: Recommendation, by: Any, follow_up: str) -> Recommendation:
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if rec.status == Recommendation.Status.CLOSED:
        raise Conflict(_("The recommendation is already closed."))
    if rec.status != Recommendation.Status.ANSWERED or not rec.answer:
        raise Conflict(_("A recommendation cannot be closed before it is answered."))
    rec.follow_up = clean_text(follow_up, field=_("Follow-up"), max_length=5000, required=True)
    rec.closed_on = timezone.localdate()
    rec.status = Recommendation.Status.CLOSED
    rec.save(update_fields=["follow_up", "closed_on", "status"])
    audit(actor=by, action="works.recommendation_close", obj=rec, after={"follow_up": rec.follow_up})
    return rec


@transaction.atomic
def board_close(*, board: Board, by: Any, on: dt.date, note: str) -> Board:
    """The board's term ends when its task is done (Decree 59 Art. 17: it dissolves by itself)."""
    _active(board)
    not_future(on, field=_("Date"))
    _not_before_established(board, on)
    if board.recommendations.exclude(status=Recommendation.Status.CLOSED).exists():
        raise Conflict(_("Close every recommendation before the board ends its task."))
    board.status, board.closed_on = Board.Status.CLOSED, on
    board.closing_note = clean_text(note, field=_("Closing report"), max_length=10000, required=True)
    board.save(update_fields=["status", "closed_on", "closing_note"])
    # The board's body ends with it: a village's election seats nobody on it any more (meetings offers
    # and counts the commune's boards in force).
    board.body.valid_to = on
    board.body.save(update_fields=["valid_to"])
    audit(actor=by, action="works.board_close", obj=board, after={"on": str(on)})
    return board


INFORMATION_DAILY_LIMIT = 10  # per person and day (the form is open to every signed-in person)


@transaction.atomic
def information_send(*, work: Work, sender: Any, text: str, channel: str = "web") -> Information:
    """A citizen's information for the board about a work. It becomes a case of the cases module routed
    to the work's board (case_types.py: tracking code, notice of receipt, deadlines, an answer signed
    for the board) and an `Information` of the work linked to it by the tracking code; the board's
    members with an account are told."""
    from danchu.cases.services import CaseSubmission, case_submit
    from danchu.core import ratelimit
    from danchu.core.calendar import today

    from ..case_types import INFORMATION

    board = getattr(work, "board", None)  # (works.permissions.work_for fetches it with the work)
    if board is None or board.status != Board.Status.ACTIVE:
        # Nobody would read it: only the members of an active board see the information sent.
        raise Conflict(_("This work has no active supervision board to receive information."))
    words = clean_text(text, field=_("Information"), max_length=5000, required=True)
    key = f"danchu:works:information:{sender.pk}:{today().isoformat()}"
    if ratelimit.exceeded(key, INFORMATION_DAILY_LIMIT):
        raise DomainError(
            _("You have sent %(n)s messages today; please continue tomorrow or contact the board directly.")
            % {"n": INFORMATION_DAILY_LIMIT},
            status=429,
        )
    case = case_submit(
        CaseSubmission(
            case_type_key=INFORMATION,
            place=work.commune,
            title=(_("About the work: %(title)s") % {"title": work.title})[:200],
            description=f"{words}\n\n{settings.SITE_URL}{reverse('works:detail', args=[work.pk])}",
            submitter=sender,
            channel=channel,
            through_module=True,
        )
    )
    info = Information.objects.create(work=work, sender=sender, text=words, tracking_code=case.tracking_code)
    audit(
        actor=sender,
        action="works.information_send",
        obj=info,
        after={"work": work.pk, "case": case.tracking_code},
    )
    members = [m.person for m in board.members.current().select_related("person") if m.person]
    _tell(
        members,
        format_lazy("{}: {}", gettext_lazy("New information for the supervision board"), case.tracking_code),
        work.title,
        work,
    )
    ratelimit.hit(key, 24 * 3600)
    return info

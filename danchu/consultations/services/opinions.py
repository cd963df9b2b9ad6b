"""Opinion maps: statements (moderated), votes, the computation (a background job), and the Pol.is
open-data CSV layout for export (the import is in polis.py)."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import sqlmemo
from danchu.core.audit import audit
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.locks import read_shared_kept
from danchu.core.text import spreadsheet_text
from danchu.places.models import Place

from .. import mapping
from ..models import Conversation, Participant, Statement, Vote
from ..permissions import can_manage_unit
from .common import text


def _require(actor: Any, place: Place) -> None:
    if not can_manage_unit(actor, Conversation(place=place)):
        raise Forbidden(_("Only the staff of the unit may manage its opinion maps."))


@transaction.atomic
def conversation_create(*, actor: Any, place: Place, topic: str, description: str = "") -> Conversation:
    _require(actor, place)
    conv = Conversation.objects.create(
        place=place,
        topic=text(topic, label=_("Topic"), max_length=300),
        description=text(description, label=_("Description"), max_length=4000, required=False),
        created_by=actor,
    )
    audit(actor=actor, action="consultations.map_create", obj=conv, after={"topic": conv.topic})
    return conv


def participant_of(person: Any, conv: Conversation) -> Participant:
    """The person's participant row in the conversation, made on their first statement or vote. Its
    number is the next free one; two newcomers at the same moment are told apart by the unique
    constraint (the loser takes the next number), so voters need no lock on the conversation."""
    for _attempt in range(20):
        found = Participant.objects.filter(conversation=conv, person=person).first()
        if found:
            return found
        number = (Participant.objects.filter(conversation=conv).aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                return Participant.objects.create(conversation=conv, person=person, number=number)
        except IntegrityError:
            continue
    raise Conflict(_("Too many people are joining at this moment; please try again."), code="busy")


@transaction.atomic
def statement_submit(*, actor: Any, conversation: Conversation, text_: str) -> Statement:
    conv = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conv.status != Conversation.Status.OPEN:
        raise DomainError(_("This conversation is closed."), code="closed")
    body = text(text_, label=_("Statement"), max_length=400)
    last = conv.statements.aggregate(n=Max("number"))["n"]
    number = 0 if last is None else last + 1  # Pol.is numbers from 0: "or -1" would reuse 0
    staff = can_manage_unit(actor, conv)
    st = Statement.objects.create(
        conversation=conv,
        number=number,
        text=body,
        author=participant_of(actor, conv),
        status=Statement.Status.ACCEPTED if staff else Statement.Status.PENDING,
    )
    audit(actor=actor, action="consultations.statement_submit", obj=st, after={"status": st.status})
    return st


@transaction.atomic
def statement_moderate(*, actor: Any, statement: Statement, accept: bool, reason: str = "") -> Statement:
    """Accept or reject a statement. A rejection keeps someone's words off the map: its reason is
    required and kept in the audit entry. A decision sent twice (a double click) is refused rather
    than logged again."""
    _require(actor, statement.conversation.place)
    st = Statement.objects.select_for_update().get(pk=statement.pk)
    status = Statement.Status.ACCEPTED if accept else Statement.Status.REJECTED
    reason = text(reason, label=_("Reason"), max_length=500, required=not accept)
    if st.status == status:
        raise Conflict(
            _("This statement is already %(status)s.") % {"status": st.get_status_display().lower()},
            code="already_moderated",
        )
    before = st.status
    st.status = status
    st.save(update_fields=["status"])
    audit(
        actor=actor,
        action="consultations.statement_moderate",
        obj=st,
        before={"status": before},
        after={"status": st.status, "reason": reason},
    )
    return st


def _vote_state(*, conversation: int, number: int) -> QuerySet[Conversation]:
    """vote_cast()'s read of the conversation and the statement: compiled once per process."""
    statement = Statement.objects.filter(conversation_id=OuterRef("pk"), number=number)
    return Conversation.objects.filter(pk=conversation).annotate(
        statement_id=Subquery(statement.values("pk")[:1]),
        statement_status=Subquery(statement.values("status")[:1]),
    )


def _a_number(n: int) -> bool:
    return sqlmemo.in_range(Statement._meta.get_field("number"), n)


def vote_cast(*, actor: Any, conversation: Conversation, statement_number: int, value: int) -> Vote:
    """A vote on a statement. Voters never wait for each other: one query reads the conversation under
    a shared row lock (PostgreSQL `FOR SHARE`; closing it takes `FOR UPDATE` and waits for the votes in
    flight) together with the statement; the participant's one vote per statement is the unique
    constraint's business."""
    if value not in (Vote.AGREE, Vote.PASS, Vote.DISAGREE):
        raise DomainError(_("A vote is agree, disagree or pass."), code="bad_vote")
    conv = conversation
    with transaction.atomic():
        state = read_shared_kept(
            "consultations.vote_cast",
            Conversation,
            _vote_state,
            ("status", "statement_id", "statement_status"),
            # A number no statement can have (beyond the column, below zero) is bound as one none has.
            {"conversation": conv.pk, "number": statement_number if _a_number(statement_number) else -1},
        )
        if state is None or state["status"] != Conversation.Status.OPEN:
            raise DomainError(_("This conversation is closed."), code="closed")
        if state["statement_id"] is None:
            raise DomainError(_("There is no such statement in this conversation."), code="bad_statement")
        if state["statement_status"] != Statement.Status.ACCEPTED:
            raise DomainError(
                _("This statement was rejected by the moderators; it cannot be voted on.")
                if state["statement_status"] == Statement.Status.REJECTED
                else _("This statement is awaiting moderation."),
                code="statement_not_accepted",
            )
        participant = participant_of(actor, conv)
        # One upsert (INSERT … ON CONFLICT DO UPDATE): a second vote on the statement replaces the first.
        (vote,) = Vote.objects.bulk_create(
            [
                Vote(
                    participant=participant,
                    statement_id=state["statement_id"],
                    value=value,
                    created_at=timezone.now(),
                )
            ],
            update_conflicts=True,
            unique_fields=["participant", "statement"],
            update_fields=["value", "created_at"],
        )
        audit(
            actor=actor,
            action="consultations.vote",
            object_type=Statement._meta.label_lower,
            object_id=state["statement_id"],
            after={"value": value},
        )
    maybe_recompute(conv)
    return vote


def maybe_recompute(conv: Conversation) -> None:
    """Recompute incrementally: when the votes cast or changed since the last run (an upsert renews a
    vote's `created_at`) reach a tenth of the votes it counted, at least 10. Only those recent votes
    are read, and no more than that number (the index on `created_at`, a LIMIT): the check after each
    vote no longer counts the whole conversation."""
    if conv.computing:
        return
    needed = max(10, conv.votes_at_compute // 10)
    recent = Vote.objects.filter(statement__conversation=conv)
    if conv.computed_at is not None:
        recent = recent.filter(created_at__gte=conv.computed_at)
    if recent.order_by()[:needed].count() < needed:
        return
    from ..tasks import compute_map

    Conversation.objects.filter(pk=conv.pk).update(computing=True)
    transaction.on_commit(lambda: compute_map(conv.pk))


def votes_of(conv: Conversation) -> list[tuple[int, int, int]]:
    return list(
        Vote.objects.filter(
            statement__conversation=conv, statement__status=Statement.Status.ACCEPTED
        ).values_list("participant__number", "statement__number", "value")
    )


def map_compute(*, conversation: Conversation) -> Conversation:
    """The background job's work: the opinion groups of the conversation, stored as its result."""
    statements = list(
        conversation.statements.filter(status=Statement.Status.ACCEPTED).values_list("number", flat=True)
    )
    # As of when the votes were read: a vote cast while the map is computed counts for the next run.
    read_at = timezone.now()
    votes = votes_of(conversation)
    started = time.monotonic()
    result = mapping.compute(mapping.build(votes, statements))
    result["seconds"] = round(time.monotonic() - started, 3)
    Conversation.objects.filter(pk=conversation.pk).update(
        result=result, computed_at=read_at, computing=False, votes_at_compute=len(votes)
    )
    conversation.refresh_from_db()
    return conversation


# --- Pol.is open-data CSV ------------------------------------------------------------------------


def _ts(value: Any) -> tuple[int, str]:
    return int(value.timestamp()), value.strftime("%a %b %d %Y %H:%M:%S GMT+0000")


def _shown(conv: Conversation, everything: bool) -> Any:
    """The statements an export holds: all of them for the unit's staff; for anyone else only the
    accepted ones — a statement awaiting moderation or rejected by it is not published (a public
    export of it would undo the moderation)."""
    qs = conv.statements.all()
    return qs if everything else qs.filter(status=Statement.Status.ACCEPTED)


def export_comments(conv: Conversation, *, everything: bool = True) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(
        [
            "timestamp",
            "datetime",
            "comment-id",
            "author-id",
            "agrees",
            "disagrees",
            "moderated",
            "comment-body",
        ]
    )
    moderated: dict[str, int] = {
        Statement.Status.ACCEPTED: 1,
        Statement.Status.REJECTED: -1,
        Statement.Status.PENDING: 0,
    }
    qs = (
        _shown(conv, everything)
        .annotate(a=Count("votes", filter=Q(votes__value=1)), d=Count("votes", filter=Q(votes__value=-1)))
        .select_related("author")
    )
    for s in qs.order_by("number"):
        w.writerow(
            [
                *_ts(s.created_at),
                s.number,
                s.author.number if s.author else "",
                s.a,
                s.d,
                moderated[s.status],
                # Someone's statement, opened in a spreadsheet by an officer: no formula runs.
                spreadsheet_text(s.text),
            ]
        )  # type: ignore[attr-defined]
    return out.getvalue()


def export_votes(conv: Conversation, *, everything: bool = True) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
    qs = Vote.objects.filter(statement__in=_shown(conv, everything)).values_list(
        "created_at", "statement__number", "participant__number", "value"
    )
    for at, s, p, v in qs.order_by("created_at", "pk"):
        w.writerow([*_ts(at), s, p, v])
    return out.getvalue()


def export_participants_votes(conv: Conversation, *, everything: bool = True) -> str:
    shown = _shown(conv, everything)
    numbers = list(shown.order_by("number").values_list("number", flat=True))
    groups = {p[0]: p[3] for p in (conv.result or {}).get("points", [])}
    matrix: dict[int, dict[int, int]] = {}
    for p, s, v in Vote.objects.filter(statement__in=shown).values_list(
        "participant__number", "statement__number", "value"
    ):
        matrix.setdefault(p, {})[s] = v
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", *numbers])
    authored: dict[int, int] = {}
    for a in shown.exclude(author=None).values_list("author__number", flat=True):
        authored[a] = authored.get(a, 0) + 1
    for p in sorted(matrix):
        row = matrix[p]
        vals = list(row.values())
        w.writerow(
            [
                p,
                groups.get(p, ""),
                authored.get(p, 0),
                len(vals),
                vals.count(1),
                vals.count(-1),
                *[row.get(n, "") for n in numbers],
            ]
        )
    return out.getvalue()


# Pol.is' open-data headers, folded as places' reader folds them ("comment-id" → "comment_id").

"""Synthesis (báo cáo tổng hợp, tiếp thu, giải trình): group comments, answer each group, close with
the final decision and text, published as a disclosure."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import Conflict, DomainError
from danchu.core.i18n import later, official_language

from ..models import Comment, CommentGroup, Consultation
from .common import text
from .consultations import require_manage

S = Consultation.Status
# The range of a primary key (BigAutoField): an id beyond it names no comment, and the database
# driver refuses it with an OverflowError (a 500) rather than finding nothing.
MAX_ID = 2**63 - 1


def answer_days() -> int:
    """Days after the comment period within which the synthesis is published to count as on time.
    No period is set by Law 10/2022 [U]: 30 days is the house default (settings.CONSULTATION_ANSWER_DAYS)."""
    return settings.CONSULTATION_ANSWER_DAYS


def _not_closed(c: Consultation) -> None:
    if c.status == S.CLOSED:
        raise DomainError(_("This consultation is closed; its synthesis is published."), code="closed")
    if c.status == S.DRAFT:
        raise DomainError(_("This consultation has not opened yet."), code="not_open")


@transaction.atomic
def group_create(
    *, actor: Any, consultation: Consultation, title: str, comment_ids: Sequence[int]
) -> CommentGroup:
    c = Consultation.objects.select_for_update().get(pk=consultation.pk)
    require_manage(actor, c)
    _not_closed(c)
    title = text(title, label=_("Substance"), max_length=500)
    if not comment_ids:
        raise DomainError(_("Choose the comments of the group."), code="no_comments")
    # A group gathers comments no group has answered yet (the page offers only those): a form sent
    # twice would otherwise move them to a second group, leaving the first empty — and an empty
    # group must still be answered and is published in the synthesis.
    taken = sorted(
        Comment.objects.filter(consultation=c, pk__in=_ids(comment_ids), group__isnull=False).values_list(
            "pk", flat=True
        )
    )
    if taken:
        raise Conflict(
            _("These comments are already in a group: %(ids)s.") % {"ids": ", ".join(map(str, taken[:20]))},
            code="already_grouped",
        )
    g = CommentGroup.objects.create(consultation=c, title=title)
    _assign(c, g, comment_ids)
    audit(
        actor=actor,
        action="consultations.group",
        obj=g,
        after={"title": g.title, "comments": list(comment_ids)},
    )
    return g


def _ids(comment_ids: Sequence[int]) -> set[int]:
    ids = {int(i) for i in comment_ids}
    if any(not 1 <= i <= MAX_ID for i in ids):
        raise DomainError(_("Some comments are not comments of this consultation."), code="bad_comments")
    return ids


def _assign(c: Consultation, g: CommentGroup, comment_ids: Sequence[int]) -> None:
    ids = _ids(comment_ids)
    found = Comment.objects.filter(consultation=c, pk__in=ids)
    if found.count() != len(ids):
        raise DomainError(_("Some comments are not comments of this consultation."), code="bad_comments")
    found.update(group=g)


@transaction.atomic
def comments_assign(*, actor: Any, group: CommentGroup, comment_ids: Sequence[int]) -> CommentGroup:
    c = Consultation.objects.select_for_update().get(pk=group.consultation_id)
    require_manage(actor, c)
    _not_closed(c)
    _assign(c, group, comment_ids)
    audit(actor=actor, action="consultations.group_assign", obj=group, after={"comments": list(comment_ids)})
    return group


@transaction.atomic
def comment_ungroup(*, actor: Any, consultation: Consultation, comment: Comment) -> tuple[Comment, bool]:
    """Take a comment out of the group it was put in by mistake; a group left empty goes (every group
    is answered and published in the synthesis). Returns the comment and whether its group went."""
    c = Consultation.objects.select_for_update().get(pk=consultation.pk)
    require_manage(actor, c)
    _not_closed(c)
    x = Comment.objects.select_related("group").get(pk=comment.pk, consultation=c)
    g = x.group
    if g is None:
        raise DomainError(_("This comment is in no group."), code="not_grouped")
    x.group = None
    x.save(update_fields=["group"])
    emptied = not g.comments.exists()
    audit(
        actor=actor,
        action="consultations.ungroup",
        obj=x,
        before={"group": g.pk, "title": g.title},
        after={"group": None, "group_removed": emptied},
    )
    if emptied:
        g.delete()
    return x, emptied


@transaction.atomic
def group_answer(*, actor: Any, group: CommentGroup, answer: str, reason: str) -> CommentGroup:
    c = Consultation.objects.select_for_update().get(pk=group.consultation_id)
    require_manage(actor, c)
    _not_closed(c)
    if answer not in CommentGroup.Answer.values:
        raise DomainError(_("Choose accepted, partly accepted or not accepted."), code="answer")
    reason = text(reason, label=_("Reason"), max_length=4000, required=answer != CommentGroup.Answer.ACCEPTED)
    g = CommentGroup.objects.select_for_update().get(pk=group.pk)
    before = {"answer": g.answer, "reason": g.reason}
    g.answer, g.reason, g.answered_at, g.answered_by = answer, reason, timezone.now(), actor
    g.save(update_fields=["answer", "reason", "answered_at", "answered_by"])
    audit(
        actor=actor,
        action="consultations.answer",
        obj=g,
        before=before,
        after={"answer": answer, "reason": reason},
    )
    return g


def unanswered(c: Consultation) -> tuple[int, int]:
    """(comments in no group, groups without an answer)."""
    return (
        c.comments.filter(group__isnull=True).count(),
        c.groups.filter(answer="").count(),
    )


@dataclass
class Decision:
    reference: str
    decision: str
    final_text: str


def _publish_synthesis(actor: Any, c: Consultation) -> int:
    """Publish the synthesis and the decision as a disclosure, through the disclosures module's public services."""
    from danchu.disclosures.services import FromModule, disclosure_publish_from_module

    with official_language():  # a public document, whatever language the officer reads the site in
        lines = [
            _("Synthesis of the comments on the draft “%(title)s”.") % {"title": c.title},
            "",
            _("Decision %(ref)s: %(decision)s") % {"ref": c.decision_reference, "decision": c.decision},
            "",
        ]
        for i, g in enumerate(c.groups.all(), start=1):
            lines.append(f"{i}. **{g.title}** — {g.get_answer_display()}. {g.reason}".strip())
        item = FromModule(
            place=c.place,
            category="opinion_results",
            title=_("Results of the consultation: %(title)s") % {"title": c.title[:240]},
            body="\n".join(lines),
            legal_basis=c.basis_article,
            issuing_unit=c.consulting_body,
            source=f"consultations.synthesis:{c.pk}",
        )
    return int(disclosure_publish_from_module(actor=actor, item=item).pk)


@transaction.atomic
def consultation_close(*, actor: Any, consultation: Consultation, data: Decision) -> Consultation:
    """Close with the final decision and text; refused while a comment is ungrouped or a group unanswered."""
    c = Consultation.objects.select_for_update(of=("self",)).select_related("place").get(pk=consultation.pk)
    require_manage(actor, c)
    if c.status != S.SYNTHESIS:
        raise DomainError(
            _("A consultation is closed after its comment period has ended (it is: %(status)s).")
            % {"status": c.get_status_display()},
            code="not_synthesis",
        )
    loose, open_groups = unanswered(c)
    if loose or open_groups:
        raise DomainError(
            _(
                "The synthesis is not complete: %(loose)s comments are in no group and %(groups)s groups have "
                "no answer."
            )
            % {"loose": loose, "groups": open_groups},
            code="synthesis_incomplete",
            detail={"ungrouped": loose, "unanswered": open_groups},
        )
    c.decision_reference = text(data.reference, label=_("Decision number and symbol"), max_length=80)
    c.decision = text(data.decision, label=_("Final decision"), max_length=4000)
    c.final_text = text(data.final_text, label=_("Final text"), max_length=200000)
    c.status, c.closed_at = S.CLOSED, timezone.now()
    c.answered_on_time = c.closes_on is not None and timezone.localdate(
        c.closed_at
    ) <= c.closes_on + dt.timedelta(days=answer_days())
    c.save(
        update_fields=[
            "decision_reference",
            "decision",
            "final_text",
            "status",
            "closed_at",
            "answered_on_time",
        ]
    )
    c.synthesis_disclosure_id = _publish_synthesis(actor, c)
    c.save(update_fields=["synthesis_disclosure_id"])
    transaction.on_commit(lambda: _tell_commenters(c))
    audit(
        actor=actor,
        action="consultations.close",
        obj=c,
        after={"status": c.status, "decision": c.decision_reference},
    )
    return c


def _tell_commenters(c: Consultation) -> int:
    """Tell every resident who commented online that the answer to their comment is published."""
    from django.contrib.auth import get_user_model

    from danchu.accounts.notify import notify

    ids = c.comments.exclude(author=None).values_list("author_id", flat=True).distinct()
    sent = 0
    # Read by each in their own language.
    subject = later(
        lambda: _("The answer to your comment on “%(title)s” is published") % {"title": c.title[:150]}
    )
    body = later(
        lambda: (
            _("%(body)s has published the synthesis of the comments and its decision %(ref)s.")
            % {"body": c.consulting_body, "ref": c.decision_reference}
        )
    )
    for person in get_user_model().objects.filter(pk__in=list(ids)):
        sent += notify(
            person,
            subject=subject,
            body=body,
            # The public page, where the answers are: the synthesis page is the staff's workbench.
            url=reverse("consultations:detail", args=[c.pk]) + "#decision",
        )
    return sent


def text_diff(c: Consultation) -> list[tuple[str, str]]:
    """The final text against the draft, line by line: ("same"|"added"|"removed", line)."""
    draft = [line for line in c.draft_text().splitlines() if line.strip()]
    final = [line.strip() for line in c.final_text.splitlines() if line.strip()]
    out: list[tuple[str, str]] = []
    for line in difflib.ndiff(draft, final):
        tag, body = line[:2], line[2:]
        if tag == "  ":
            out.append(("same", body))
        elif tag == "- ":
            out.append(("removed", body))
        elif tag == "+ ":
            out.append(("added", body))
    return out

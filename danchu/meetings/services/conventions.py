"""Village conventions (hương ước, quy ước; Decree 61/2023/NĐ-CP; Law Art. 15(3)): a draft, its discussion
(a consultation, through the kernel's discussion hook), the household vote at a meeting, submission, recognition by the commune chairman, in force.
Amendments are new versions of the same convention."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.discussions import Topic, discussion, open_discussion
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Level, Place

from ..models import AgendaItem, Convention, ConventionVersion
from ..permissions import can_recognise_convention, can_run_in
from ..rules import recognition_due
from .meetings import checked_day, clean

V = ConventionVersion.Status
UNFINISHED = (V.DRAFT, V.DISCUSSION, V.ADOPTED, V.SUBMITTED)
MAX_TEXT = 100_000


def _require_manage(actor: Any, village: Place) -> None:
    if not can_run_in(actor, village):
        raise Forbidden(_("You may only prepare the conventions of your own village."))


def _lock(version: ConventionVersion) -> ConventionVersion:
    return (
        ConventionVersion.objects.select_for_update(of=("self",))
        .select_related("convention__village__parent")
        .get(pk=version.pk)
    )


def _move(actor: Any, v: ConventionVersion, to: str, action: str, **extra: Any) -> ConventionVersion:
    before = v.status
    v.status = to
    for name, value in extra.items():
        setattr(v, name, value)
    v.save(update_fields=["status", *extra])
    audit(
        actor=actor,
        action=action,
        obj=v,
        before={"status": before},
        after={"status": to, **{k: getattr(x, "pk", x) for k, x in extra.items()}},
    )
    return v


@transaction.atomic
def convention_draft(
    *, actor: Any, village: Place, title: str, text: str, kind: str = Convention.Kind.HUONG_UOC
) -> ConventionVersion:
    if village.level != Level.VILLAGE:
        raise DomainError(_("A convention belongs to a village or residential group."), code="not_village")
    _require_manage(actor, village)
    title = clean(title, what=_("The title"))
    text = clean(text, limit=MAX_TEXT, what=_("The text"))
    if not title or not text:
        raise DomainError(_("A convention needs a title and a text."), code="required")
    if kind not in Convention.Kind.values:
        raise DomainError(_("Unknown kind of convention."), code="bad_kind")
    c = Convention.objects.create(village=village, kind=kind, title=title)
    v = ConventionVersion.objects.create(convention=c, number=1, text=text, created_by=actor)
    audit(actor=actor, action="meetings.convention_draft", obj=v, after={"convention": c.pk, "title": title})
    return v


@transaction.atomic
def convention_amend(*, actor: Any, convention: Convention, text: str, note: str = "") -> ConventionVersion:
    c = Convention.objects.select_for_update(of=("self",)).select_related("village").get(pk=convention.pk)
    _require_manage(actor, c.village)
    if c.versions.filter(status__in=UNFINISHED).exists():
        raise Conflict(_("A version of this convention is still in progress."), code="in_progress")
    text = clean(text, limit=MAX_TEXT, what=_("The text"))
    note = clean(note, limit=500, what=_("The note"))
    if not text:
        raise DomainError(_("The amended text is required."), code="required")
    last = c.versions.order_by("-number").first()
    number = (last.number if last else 0) + 1
    v = ConventionVersion.objects.create(convention=c, number=number, text=text, note=note, created_by=actor)
    audit(actor=actor, action="meetings.convention_amend", obj=v, after={"number": number, "note": note})
    return v


@transaction.atomic
def version_open_comments(
    *, actor: Any, version: ConventionVersion, closes_on: dt.date | None = None
) -> ConventionVersion:
    """Open a draft for comments: the kernel's discussion provider (consultations) opens a discussion of
    the text by the village's residents until `closes_on` (its shortest lawful period when None), and
    the version keeps its reference. With no provider installed the version is open for comments all
    the same, received in person and at the village meeting. A provider's refusal leaves the draft."""
    v = _lock(version)
    _require_manage(actor, v.convention.village)
    if v.status != V.DRAFT:
        raise Conflict(_("Only a draft is opened for comments."), code="not_draft")
    if closes_on is not None:
        checked_day(closes_on, what=_("The last day of comments"))
    title = v.convention.title
    if v.number > 1:
        title = _("%(title)s (amendment, version %(number)s)") % {"title": title, "number": v.number}
    ref = open_discussion(
        actor=actor,
        topic=Topic(
            village=v.convention.village,
            title=title,
            text=v.text,
            closes_on=closes_on,
            summary=v.note,
            source=f"meetings.conventionversion:{v.pk}",
        ),
    )
    return _move(actor, v, V.DISCUSSION, "meetings.convention_open", discussion=ref)


@transaction.atomic
def version_adopt(*, actor: Any, version: ConventionVersion, item: AgendaItem) -> ConventionVersion:
    """Record the household vote that adopted this text: a decided item on matter 3 of Art. 15 at a
    meeting of the same village, passed by the rule."""
    v = _lock(version)
    _require_manage(actor, v.convention.village)
    if v.status not in (V.DRAFT, V.DISCUSSION):
        raise Conflict(_("This version is no longer a draft."), code="not_draft")
    if item.meeting.village_id != v.convention.village_id or item.matter != AgendaItem.Matter.CONVENTION:
        raise DomainError(
            _("The vote must be an item on the village convention at a meeting of this village."),
            code="bad_item",
        )
    held = discussion(v.discussion)
    if held is not None and held.accepting:
        raise Conflict(
            _("Comments on this text are accepted until %(date)s: the households vote on it after that.")
            % {"date": held.closes_on.strftime("%d/%m/%Y") if held.closes_on else ""},
            code="discussion_open",
        )
    if item.status != AgendaItem.Status.DECIDED or not item.passed:
        raise DomainError(
            _("The households did not pass this text: it cannot be adopted."), code="not_passed"
        )
    # One vote adopts one text: the vote that adopted version 1 does not adopt an amendment.
    if ConventionVersion.objects.filter(vote_item=item).exclude(pk=v.pk).exists():
        raise Conflict(_("This vote already adopted another text."), code="vote_used")
    return _move(actor, v, V.ADOPTED, "meetings.convention_adopt", vote_item=item)


@transaction.atomic
def version_submit(
    *, actor: Any, version: ConventionVersion, today: dt.date | None = None
) -> ConventionVersion:
    v = _lock(version)
    _require_manage(actor, v.convention.village)
    if v.status != V.ADOPTED:
        raise Conflict(
            _("Only a text adopted by the households is submitted to the commune."), code="not_adopted"
        )
    today = today or timezone.localdate()
    return _move(
        actor,
        v,
        V.SUBMITTED,
        "meetings.convention_submit",
        submitted_on=today,
        recognition_due=recognition_due(today),
    )


@transaction.atomic
def version_recognise(*, actor: Any, version: ConventionVersion, decision_number: str) -> ConventionVersion:
    """The commune chairman's recognition decision: only then does the version take effect (and the
    version it amends stop)."""
    v = _lock(version)
    if not can_recognise_convention(actor, v.convention):
        raise Forbidden(_("Only the commune chairman recognises a convention."))
    if v.status != V.SUBMITTED:
        raise Conflict(
            _("A convention takes effect only once submitted and recognised."), code="not_submitted"
        )
    decision_number = clean(decision_number, limit=100, what=_("The decision number"))
    if not decision_number:
        raise DomainError(_("Give the number of the recognition decision."), code="required")
    for old in v.convention.versions.filter(status=V.IN_FORCE):
        _move(actor, old, V.SUPERSEDED, "meetings.convention_supersede")
    return _move(
        actor,
        v,
        V.IN_FORCE,
        "meetings.convention_recognise",
        decision_number=decision_number,
        recognised_on=timezone.localdate(),
        recognised_by=actor,
    )


@transaction.atomic
def version_refuse(*, actor: Any, version: ConventionVersion, reason: str) -> ConventionVersion:
    v = _lock(version)
    if not can_recognise_convention(actor, v.convention):
        raise Forbidden(_("Only the commune chairman recognises a convention."))
    if v.status != V.SUBMITTED:
        raise Conflict(_("Only a submitted convention can be refused."), code="not_submitted")
    reason = clean(reason, limit=500, what=_("The reason"))
    if not reason:
        raise DomainError(_("Give the reason for refusing recognition."), code="required")
    return _move(actor, v, V.REFUSED, "meetings.convention_refuse", note=reason)


def diff(version: ConventionVersion) -> list[tuple[str, str]]:
    """The changes from the previous version, line by line: ('+'|'-'|' ', text)."""
    previous = version.convention.versions.filter(number__lt=version.number).order_by("-number").first()
    if previous is None:
        return []
    lines = difflib.unified_diff(previous.text.splitlines(), version.text.splitlines(), lineterm="", n=2)
    out = []
    for line in list(lines)[2:]:  # skip the ---/+++ header
        mark = line[:1]
        out.append(("@" if mark == "@" else mark, line[1:] if mark in "+- " else ""))
    return out

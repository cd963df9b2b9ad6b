"""Comments on a consultation's draft: online by identified residents of the consulted group (the
path citizens hit in numbers while a draft is open), or recorded by staff from the counter, a meeting
or a written form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Exists, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import HouseholdLink
from danchu.accounts.permissions import confirmed_households
from danchu.core import sqlmemo
from danchu.core.audit import audit, audit_many
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.locks import read_shared_kept
from danchu.places.models import Household

from ..models import Audience, Comment, Consultation, Paragraph
from .common import require_manage, text

S = Consultation.Status


def accepting_comments(c: Consultation, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        c.status == S.OPEN
        and c.opens_on is not None
        and c.closes_on is not None
        and c.opens_on <= today <= c.closes_on
    )


def _check_accepting(c: Consultation) -> None:
    if not accepting_comments(c):
        if c.status == S.OPEN and c.opens_on and timezone.localdate() < c.opens_on:
            raise DomainError(
                _("Comments are accepted from %(date)s.") % {"date": c.opens_on.strftime("%d/%m/%Y")},
                code="not_yet",
            )
        raise DomainError(_("This consultation is closed: comments are no longer accepted."), code="closed")


def check_started(c: Consultation) -> None:
    """Staff record comments received offline once the period has begun: a comment dated before the
    opening published to the people was not received in this consultation. (After the last day they
    may still enter the written forms handed in on time, until they end the period.)"""
    if c.opens_on and timezone.localdate() < c.opens_on:
        raise DomainError(
            _("Comments are accepted from %(date)s.") % {"date": c.opens_on.strftime("%d/%m/%Y")},
            code="not_yet",
        )


def consulted_household(person: Any, c: Consultation) -> Household | None:
    """The household through which the person is consulted, or None when they are not."""
    households = confirmed_households(person)
    if c.audience == Audience.VILLAGES:
        allowed = set(c.villages.values_list("pk", flat=True))
        return next((h for h in households if h.village_id in allowed), None)
    if c.audience == Audience.GROUP:
        ids = set(c.households.values_list("pk", flat=True))
        return next((h for h in households if h.pk in ids), None)
    return next((h for h in households if h.village.parent_id == c.place_id), None)


def _paragraph(c: Consultation, paragraph_id: int | None) -> Paragraph | None:
    if not paragraph_id:
        return None
    p = Paragraph.objects.filter(consultation=c, pk=paragraph_id).first()
    if p is None:
        raise DomainError(_("This paragraph is not part of the draft."), code="bad_paragraph")
    _check_version(p.version, c)
    return p


def _check_version(version: int, c: Consultation) -> None:
    if version != c.version:
        raise DomainError(
            _(
                "This paragraph belongs to version %(old)s of the draft; the draft now in consultation is version %(new)s."
            )
            % {"old": version, "new": c.version},
            code="old_version",
        )


def _consulted(links: QuerySet[HouseholdLink], c: Consultation) -> QuerySet[HouseholdLink]:
    """Those of a person's confirmed household `links` through which `c` consults them (the audience
    and its villages or households are fixed when the consultation is created)."""
    if c.audience == Audience.VILLAGES:
        return links.filter(household__village__in=c.villages.values("pk"))
    if c.audience == Audience.GROUP:
        return links.filter(household__in=c.households.values("pk"))
    return links.filter(household__village__parent_id=c.place_id)


def _comment_state(
    audience: str,
    on_paragraph: bool,
    *,
    consultation: int,
    person: int,
    paragraph: int,
    body: str,
    place: int = 0,  # the commune of a whole-commune audience
) -> QuerySet[Consultation]:
    """comment_add()'s one read: the consultation with the commenter's standing and the paragraph,
    compiled once per process for each audience (core.sqlmemo)."""
    links = HouseholdLink.objects.filter(person_id=person, status=HouseholdLink.Status.CONFIRMED)
    target = Consultation(pk=consultation, place_id=place, audience=audience)
    para = Paragraph.objects.filter(consultation_id=consultation, pk=paragraph)
    same = _same_comment(target, paragraph if on_paragraph else None, body)
    return Consultation.objects.filter(pk=consultation).annotate(
        identified=Exists(links),
        sent=Exists(same.filter(author_id=person)),
        household_id=Subquery(_consulted(links, target).order_by("pk").values("household_id")[:1]),
        paragraph_version=Subquery(para.values("version")[:1]),
        paragraph_text=Subquery(para.values("text")[:1]),
    )


@transaction.atomic
def comment_add(
    *,
    actor: Any,
    consultation: Consultation,
    text_: str,
    paragraph_id: int | None = None,
    quote: str = "",
    stance: str = Comment.Stance.NEUTRAL,
) -> Comment:
    """An identified resident of the consulted group comments online.

    Commenters never wait for each other: one query reads the consultation under a shared row lock
    (PostgreSQL `FOR SHARE`; ending the period or revising the draft takes `FOR UPDATE` and waits for
    the comments in flight), together with the commenter's consulted household and the paragraph;
    then the comment and its audit entry are inserted."""
    c = consultation
    # Checked before the read, which looks the text up (a NUL byte in a query is a 500 on PostgreSQL).
    body = text(text_, label=_("Comment"), max_length=5000)
    quote = text(quote, label=_("Selected text"), max_length=1000, required=False)
    # An id no paragraph can have (beyond the column) is bound as one none has: refused below.
    wanted = paragraph_id if paragraph_id and sqlmemo.in_range(Paragraph._meta.pk, paragraph_id) else 0
    binds = {
        "consultation": c.pk,
        "person": actor.pk if getattr(actor, "is_authenticated", False) else 0,  # no one's: not identified
        "paragraph": wanted,
        "body": body,
    }
    if c.audience not in (Audience.VILLAGES, Audience.GROUP):
        binds["place"] = c.place_id

    def state_of(**b: Any) -> QuerySet[Consultation]:
        return _comment_state(c.audience, bool(paragraph_id), **b)

    state = read_shared_kept(
        ("consultations.comment_add", c.audience, bool(paragraph_id)),
        Consultation,
        state_of,
        (
            "status",
            "opens_on",
            "closes_on",
            "version",
            "identified",
            "household_id",
            "paragraph_version",
            "paragraph_text",
            "sent",
        ),
        binds,
    )
    if state is None:
        raise Consultation.DoesNotExist
    c.status, c.opens_on, c.closes_on, c.version = (
        state["status"],
        state["opens_on"],
        state["closes_on"],
        state["version"],
    )
    _check_accepting(c)
    if not state["identified"]:
        raise Forbidden(
            _("Only identified residents may comment: link your account to your household first."),
            code="not_identified",
        )
    if state["household_id"] is None:
        raise Forbidden(
            _("You are not among the people consulted: this consultation asks %(audience)s.")
            % {"audience": c.get_audience_display().lower()},
            code="not_consulted",
        )
    if stance not in Comment.Stance.values:
        raise DomainError(_("Unknown stance."), code="stance")
    if state["sent"]:
        raise Conflict(_("You have already sent this comment."), code="duplicate")
    para: int | None = None
    if paragraph_id:
        if state["paragraph_version"] is None:
            raise DomainError(_("This paragraph is not part of the draft."), code="bad_paragraph")
        _check_version(state["paragraph_version"], c)
        if quote and quote not in state["paragraph_text"]:
            raise DomainError(_("The selected text is not in this paragraph."), code="bad_quote")
        para = paragraph_id
    comment = Comment.objects.create(
        consultation=c,
        paragraph_id=para,
        version=c.version,
        quote=quote,
        text=body,
        stance=stance,
        source=Comment.Source.ONLINE,
        author=actor,
        household_id=state["household_id"],
        author_name=getattr(actor, "full_name", "") or "",
    )
    audit(
        actor=actor,
        action="consultations.comment",
        obj=comment,
        after={"consultation": c.pk, "paragraph": para, "source": Comment.Source.ONLINE},
    )
    return comment


class CommentRecording:
    """Staff recording comments received offline (the counter, a meeting, a written form): the
    consultation locked and checked once. For a sheet of a meeting's comments (`many`) the draft's
    paragraphs, the meeting items it may name and the comments already recorded are read once too,
    so a row costs no statement and the rows are written together (`save`): one by one a row took
    about 9 statements, 2,000 rows 26 s on PostgreSQL."""

    def __init__(self, actor: Any, consultation: Consultation, *, many: bool = False) -> None:
        c = Consultation.objects.select_for_update().get(pk=consultation.pk)
        require_manage(actor, c)
        if c.status != S.OPEN:
            raise DomainError(
                _("This consultation is closed: comments are no longer accepted."), code="closed"
            )
        check_started(c)
        self.actor, self.c, self.many = actor, c, many
        self._items: dict[int, Any] | None = None
        self.paragraphs: dict[int, Paragraph] = {}
        self.recorded: set[tuple[int | None, str, str, str]] = set()
        if many:
            self.paragraphs = {p.position: p for p in c.paragraphs.filter(version=c.version)}
            self.recorded = set(
                Comment.objects.filter(consultation=c)
                .exclude(source=Comment.Source.ONLINE)
                .values_list("paragraph_id", "text", "source", "author_name")
            )

    def _item(self, pk: int) -> Any:
        from danchu.meetings.queries import comment_items

        c = self.c
        if not self.many:
            return comment_items(c.place, c.opens_on, c.closes_on).filter(pk=pk).first()
        if self._items is None:
            self._items = {i.pk: i for i in comment_items(c.place, c.opens_on, c.closes_on)}
        return self._items.get(pk)

    def _duplicate(self, paragraph_id: int | None, body: str, source: str, name: str) -> bool:
        if self.many:
            return (paragraph_id, body, source, name) in self.recorded
        return _same_comment(self.c, paragraph_id, body).filter(source=source, author_name=name).exists()

    def check(
        self,
        *,
        text_: str,
        author_name: str,
        source: str,
        paragraph: Paragraph | None = None,
        stance: str = Comment.Stance.NEUTRAL,
        meeting_item: int | None = None,
    ) -> Comment:
        """The comment, checked, not saved. A comment received in a meeting may name the village
        meeting's agenda item (the meetings module)."""
        c = self.c
        if source not in (Comment.Source.COUNTER, Comment.Source.MEETING, Comment.Source.WRITTEN):
            raise DomainError(_("Say where the comment was received."), code="source")
        name = text(author_name, label=_("Name of the person"), max_length=200)
        item = None
        if meeting_item is not None:
            if source != Comment.Source.MEETING:
                raise DomainError(
                    _("Only a comment received in a meeting names a meeting."), code="meeting_source"
                )
            item = self._item(meeting_item)
            if item is None:
                raise DomainError(
                    _(
                        "That meeting item is not a discussion held in the consultation's place during its "
                        "open period."
                    ),
                    code="meeting_item",
                )
        body = text(text_, label=_("Comment"), max_length=5000)
        paragraph_id = paragraph.pk if paragraph else None
        if self._duplicate(paragraph_id, body, source, name):
            raise Conflict(
                _(
                    "This comment of %(name)s is already recorded. If it is another person of the same name, "
                    "add their village or household to the name."
                )
                % {"name": name},
                code="duplicate",
            )
        if stance not in Comment.Stance.values:
            raise DomainError(_("Unknown stance."), code="stance")
        self.recorded.add((paragraph_id, body, source, name))
        return Comment(
            consultation=c,
            paragraph=paragraph,
            version=c.version,
            text=body,
            stance=stance,
            source=source,
            author_name=name,
            recorded_by=self.actor,
            meeting_item=item,
        )

    def save(self, comments: list[Comment]) -> list[Comment]:
        Comment.objects.bulk_create(comments, batch_size=500)
        audit_many(
            {
                "actor": self.actor,
                "action": "consultations.comment",
                "obj": x,
                "after": {"consultation": self.c.pk, "paragraph": x.paragraph_id, "source": x.source},
            }
            for x in comments
        )
        return comments


@transaction.atomic
def comment_record(
    *,
    actor: Any,
    consultation: Consultation,
    text_: str,
    author_name: str,
    source: str,
    paragraph_id: int | None = None,
    stance: str = Comment.Stance.NEUTRAL,
    meeting_item: int | None = None,
) -> Comment:
    """Staff enter a comment received at the counter, in a meeting or on a written form."""
    recording = CommentRecording(actor, consultation)
    comment = recording.check(
        text_=text_,
        author_name=author_name,
        source=source,
        paragraph=_paragraph(recording.c, paragraph_id),
        stance=stance,
        meeting_item=meeting_item,
    )
    return recording.save([comment])[0]


def _same_comment(c: Consultation, paragraph_id: int | None, body: str) -> QuerySet[Comment]:
    """The comments with these words on this paragraph (or on the whole draft): a form sent twice
    (a double click, a reload, a sheet uploaded again) must not count a comment twice."""
    same = Comment.objects.filter(consultation_id=c.pk, text=body)
    return same.filter(paragraph_id=paragraph_id) if paragraph_id else same.filter(paragraph__isnull=True)

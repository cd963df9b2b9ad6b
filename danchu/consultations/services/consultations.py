"""Consultations on a draft: prepare, open (published as a disclosure), comment, end the period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import Body, HouseholdLink
from danchu.accounts.permissions import confirmed_households
from danchu.core.audit import audit
from danchu.core.errors import DomainError, Forbidden
from danchu.core.locks import read_shared
from danchu.places.models import Household, Level, Place

from .. import importing, rules
from ..models import Audience, Channel, Comment, Consultation, Paragraph
from ..permissions import can_manage_consultation
from .common import text

S = Consultation.Status


def require_manage(actor: Any, c: Consultation) -> None:
    if not can_manage_consultation(actor, c):
        raise Forbidden(_("Only the staff of the consulting unit may do this."))


@dataclass
class DraftInput:
    place: Place
    title: str
    basis: str
    draft_name: str
    draft_bytes: bytes
    text_docx: bytes | None = None  # the DOCX to read the text from when the draft itself is a PDF
    summary: str = ""
    body: Body | None = None
    consulting_body: str = ""
    audience: str = Audience.ALL
    villages: Sequence[Place] = ()
    households: Sequence[Household] = ()
    channels: Sequence[str] = field(default_factory=lambda: [Channel.ONLINE])


def _snapshot(c: Consultation) -> dict[str, Any]:
    return {
        "title": c.title,
        "status": c.status,
        "basis": c.basis,
        "version": c.version,
        "opens_on": str(c.opens_on or ""),
        "closes_on": str(c.closes_on or ""),
    }


def _docx_of(data: DraftInput) -> bytes:
    name = data.draft_name.lower()
    if name.endswith(".docx"):
        return data.draft_bytes
    if name.endswith(".pdf"):
        if not data.draft_bytes.startswith(b"%PDF"):
            raise DomainError(_("The draft is not a PDF file."), code="bad_pdf")
        if not data.text_docx:
            raise DomainError(
                _("A PDF draft needs its DOCX too: the text people comment on is read from the DOCX."),
                code="docx_required",
            )
        return data.text_docx
    raise DomainError(_("The draft must be a DOCX or PDF file."), code="bad_file_type")


def _import_paragraphs(c: Consultation, blocks: Iterable[importing.Block], version: int) -> None:
    Paragraph.objects.bulk_create(
        Paragraph(
            consultation=c,
            version=version,
            position=i,
            is_heading=b.is_heading,
            section=b.section,
            text=b.text,
        )
        for i, b in enumerate(blocks, start=1)
    )


@transaction.atomic
def consultation_create(*, actor: Any, data: DraftInput) -> Consultation:
    title = text(data.title, label=_("Title"), max_length=300)
    summary = text(data.summary, label=_("Summary"), max_length=4000, required=False)
    basis = rules.basis(data.basis)
    if basis is None:
        raise DomainError(
            _("Unknown legal basis: %(code)s.") % {"code": data.basis[:40]}, code="unknown_basis"
        )
    if data.place.level != Level.COMMUNE:
        raise DomainError(_("A consultation is held by a commune."), code="not_commune")
    if data.body is not None and data.body.place_id != data.place.pk:
        raise DomainError(_("The consulting body is not of this commune."), code="body_place")
    probe = Consultation(place=data.place, body=data.body)
    require_manage(actor, probe)
    channels = [ch for ch in data.channels if ch in Channel.values]
    if not channels:
        raise DomainError(_("Choose at least one channel."), code="channels")
    villages, households = list(data.villages), list(data.households)
    if data.audience == Audience.VILLAGES:
        if not villages or any(v.parent_id != data.place.pk for v in villages):
            raise DomainError(_("Choose villages of this commune."), code="villages")
    elif data.audience == Audience.GROUP:
        if not households or any(h.village.parent_id != data.place.pk for h in households):
            raise DomainError(
                _("Choose the households of this commune who are consulted."), code="households"
            )
    elif data.audience != Audience.ALL:
        raise DomainError(_("Unknown audience."), code="audience")
    blocks = importing.read_docx(_docx_of(data))
    c = Consultation.objects.create(
        place=data.place,
        body=data.body,
        consulting_body=text(
            data.consulting_body
            or (
                data.body.name
                if data.body
                else _("People's Committee of %(place)s") % {"place": data.place.name}
            ),
            label=_("Consulting body"),
            max_length=255,
        ),
        title=title,
        summary=summary,
        basis=basis.code,
        basis_article=basis.article,
        min_days=basis.minimum_days(),
        audience=data.audience,
        channels=channels,
        draft_name=data.draft_name[-255:],
        created_by=actor,
    )
    c.draft_file.save(data.draft_name[-100:], ContentFile(data.draft_bytes), save=True)
    if data.audience == Audience.VILLAGES:
        c.villages.set(villages)
    if data.audience == Audience.GROUP:
        c.households.set(households)
    _import_paragraphs(c, blocks, 1)
    audit(actor=actor, action="consultations.create", obj=c, after=_snapshot(c))
    return c


@transaction.atomic
def draft_revise(*, actor: Any, consultation: Consultation, docx_bytes: bytes) -> Consultation:
    """A new version of the draft text: comments on the earlier version's paragraphs stay with it."""
    c = Consultation.objects.select_for_update().get(pk=consultation.pk)
    require_manage(actor, c)
    if c.status not in (S.DRAFT, S.OPEN):
        raise DomainError(_("The draft can only be revised before the comment period ends."), code="not_open")
    blocks = importing.read_docx(docx_bytes)
    before = _snapshot(c)
    c.version += 1
    c.save(update_fields=["version"])
    _import_paragraphs(c, blocks, c.version)
    audit(actor=actor, action="consultations.revise", obj=c, before=before, after=_snapshot(c))
    return c


def _publish_opening(actor: Any, c: Consultation) -> int:
    """Publish the opening as a disclosure, through the disclosures module's public services only."""
    from danchu.disclosures.services import FromModule, disclosure_publish_from_module

    body = _(
        "%(body)s consults the people on the draft “%(title)s” (%(basis)s) from %(start)s to %(end)s.\n\n"
        "%(summary)s"
    ) % {
        "body": c.consulting_body,
        "title": c.title,
        "basis": c.basis_article,
        "start": c.opens_on.strftime("%d/%m/%Y") if c.opens_on else "",
        "end": c.closes_on.strftime("%d/%m/%Y") if c.closes_on else "",
        "summary": c.summary,
    }
    item = FromModule(
        place=c.place,
        category="land_and_planning" if c.basis in ("land_use", "planning") else "other",
        title=_("Consultation: %(title)s") % {"title": c.title[:250]},
        summary=c.summary[:2000],
        body=body,
        legal_basis=c.basis_article,
        issuing_unit=c.consulting_body,
        villages=list(c.villages.all()),
        source=f"consultations.consultation:{c.pk}",
    )
    return int(disclosure_publish_from_module(actor=actor, item=item).pk)


@transaction.atomic
def consultation_open(
    *,
    actor: Any,
    consultation: Consultation,
    opens_on: dt.date,
    closes_on: dt.date,
    today: dt.date | None = None,
) -> Consultation:
    c = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("place", "body")
        .get(pk=consultation.pk)
    )
    require_manage(actor, c)
    today = today or timezone.localdate()
    if c.status != S.DRAFT:
        raise DomainError(_("Only a consultation being prepared can be opened."), code="not_draft")
    if opens_on < today:
        raise DomainError(_("A consultation cannot open in the past."), code="open_in_past")
    basis = rules.basis(c.basis)
    if basis is not None and not basis.in_force(opens_on):
        raise DomainError(_("The legal basis is not in force on the opening day."), code="basis_not_in_force")
    days = (closes_on - opens_on).days + 1
    minimum = basis.minimum_days() if basis else c.min_days
    if days < minimum:
        raise DomainError(
            _("The consultation is open %(days)s days; %(article)s requires at least %(min)s days.")
            % {"days": days, "article": c.basis_article, "min": minimum},
            code="period_too_short",
            detail={"days": days, "minimum": minimum},
        )
    before = _snapshot(c)
    c.opens_on, c.closes_on, c.min_days, c.status = opens_on, closes_on, minimum, S.OPEN
    c.save(update_fields=["opens_on", "closes_on", "min_days", "status"])
    c.disclosure_id = _publish_opening(actor, c)
    c.save(update_fields=["disclosure_id"])
    audit(actor=actor, action="consultations.open", obj=c, before=before, after=_snapshot(c))
    return c


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


def _confirmed_links(person: Any) -> QuerySet[HouseholdLink]:
    signed_in = getattr(person, "is_authenticated", False)
    return HouseholdLink.objects.filter(
        person_id=person.pk if signed_in else None, status=HouseholdLink.Status.CONFIRMED
    )


def _consulted_links(person: Any, c: Consultation) -> QuerySet[HouseholdLink]:
    """The person's confirmed household links through which `c` consults them (the audience and its
    villages or households are fixed when the consultation is created)."""
    links = _confirmed_links(person)
    if c.audience == Audience.VILLAGES:
        return links.filter(household__village__in=c.villages.values("pk"))
    if c.audience == Audience.GROUP:
        return links.filter(household__in=c.households.values("pk"))
    return links.filter(household__village__parent_id=c.place_id)


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
    paragraph = Paragraph.objects.filter(consultation_id=c.pk, pk=paragraph_id or 0)
    state = read_shared(
        Consultation.objects.filter(pk=c.pk).annotate(
            identified=Exists(_confirmed_links(actor)),
            household_id=Subquery(_consulted_links(actor, c).order_by("pk").values("household_id")[:1]),
            paragraph_version=Subquery(paragraph.values("version")[:1]),
            paragraph_text=Subquery(paragraph.values("text")[:1]),
        ),
        "status",
        "opens_on",
        "closes_on",
        "version",
        "identified",
        "household_id",
        "paragraph_version",
        "paragraph_text",
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
    body = text(text_, label=_("Comment"), max_length=5000)
    quote = text(quote, label=_("Selected text"), max_length=1000, required=False)
    if stance not in Comment.Stance.values:
        raise DomainError(_("Unknown stance."), code="stance")
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
    """Staff enter a comment received at the counter, in a meeting or on a written form. A comment
    received in a meeting may name the village meeting's agenda item (the meetings module)."""
    c = Consultation.objects.select_for_update().get(pk=consultation.pk)
    require_manage(actor, c)
    if c.status != S.OPEN:
        raise DomainError(_("This consultation is closed: comments are no longer accepted."), code="closed")
    if source not in (Comment.Source.COUNTER, Comment.Source.MEETING, Comment.Source.WRITTEN):
        raise DomainError(_("Say where the comment was received."), code="source")
    name = text(author_name, label=_("Name of the person"), max_length=200)
    item = None
    if meeting_item is not None:
        from danchu.meetings.queries import comment_items

        if source != Comment.Source.MEETING:
            raise DomainError(
                _("Only a comment received in a meeting names a meeting."), code="meeting_source"
            )
        item = comment_items(c.place, c.opens_on, c.closes_on).filter(pk=meeting_item).first()
        if item is None:
            raise DomainError(
                _(
                    "That meeting item is not a discussion held in the consultation's place during its "
                    "open period."
                ),
                code="meeting_item",
            )
    comment = _comment(c, actor, text_, paragraph_id, "", stance, source=source, author_name=name)
    if item is not None:
        Comment.objects.filter(pk=comment.pk).update(meeting_item=item)
        comment.meeting_item = item
    return comment


def _comment(
    c: Consultation,
    actor: Any,
    body: str,
    paragraph_id: int | None,
    quote: str,
    stance: str,
    *,
    source: str,
    author: Any = None,
    household: Household | None = None,
    author_name: str = "",
) -> Comment:
    body = text(body, label=_("Comment"), max_length=5000)
    quote = text(quote, label=_("Selected text"), max_length=1000, required=False)
    if stance not in Comment.Stance.values:
        raise DomainError(_("Unknown stance."), code="stance")
    paragraph = _paragraph(c, paragraph_id)
    if quote and paragraph is not None and quote not in paragraph.text:
        raise DomainError(_("The selected text is not in this paragraph."), code="bad_quote")
    comment = Comment.objects.create(
        consultation=c,
        paragraph=paragraph,
        version=c.version,
        quote=quote,
        text=body,
        stance=stance,
        source=source,
        author=author,
        household=household,
        author_name=author_name or (getattr(author, "full_name", "") or ""),
        recorded_by=actor if source != Comment.Source.ONLINE else None,
    )
    audit(
        actor=actor,
        action="consultations.comment",
        obj=comment,
        after={"consultation": c.pk, "paragraph": paragraph.pk if paragraph else None, "source": source},
    )
    return comment


@transaction.atomic
def consultation_end_period(
    *, actor: Any, consultation: Consultation, today: dt.date | None = None
) -> Consultation:
    """End the comment period once its last day has passed; synthesis starts."""
    c = Consultation.objects.select_for_update().get(pk=consultation.pk)
    require_manage(actor, c)
    today = today or timezone.localdate()
    if c.status != S.OPEN:
        raise DomainError(_("Only an open consultation can end its comment period."), code="not_open")
    if c.closes_on and today <= c.closes_on:
        raise DomainError(
            _("The comment period runs until %(date)s; it cannot be cut short.")
            % {"date": c.closes_on.strftime("%d/%m/%Y")},
            code="period_running",
        )
    before = _snapshot(c)
    c.status, c.period_ended_at = S.SYNTHESIS, timezone.now()
    c.save(update_fields=["status", "period_ended_at"])
    audit(actor=actor, action="consultations.end_period", obj=c, before=before, after=_snapshot(c))
    return c

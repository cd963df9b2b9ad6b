"""Consultations on a draft: prepare, open (published as a disclosure), comment, end the period."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import Body
from danchu.core import uploads
from danchu.core.audit import audit
from danchu.core.errors import DomainError
from danchu.core.i18n import official_language
from danchu.core.text import in_sentence
from danchu.places.models import Household, Level, Place

from .. import importing, rules
from ..models import Audience, Channel, Consultation, Paragraph

# The comment use cases live in comments.py; pages, API, demo and meeting_comments reach them here.
from .comments import accepting_comments, comment_add, comment_record, consulted_household  # noqa: F401
from .common import require_manage, text

S = Consultation.Status
# House limits (no law sets them): a consultation opens within a year and its comment period lasts at
# most a year. A mistyped year (2062 for 2026, 9999) would otherwise leave a consultation that
# accepts no comment for decades and cannot be ended, since a period cannot be cut short.
MAX_LEAD_DAYS = 366
MAX_OPEN_DAYS = 366


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


def _safe_draft(data: DraftInput) -> uploads.CleanFile:
    """The draft as the public will download it, judged by its content as every upload is
    (core.uploads): a PDF carrying JavaScript or a launch action, a macro-enabled or zip-bomb DOCX, a
    program under a document's name are refused — it was stored and served as sent."""
    return uploads.sanitise(
        io.BytesIO(data.draft_bytes),
        name=data.draft_name or _("The draft"),
        size=len(data.draft_bytes),
        allowed={uploads.DOCX: "docx", "application/pdf": "pdf"},
    )


def _docx_of(draft: uploads.CleanFile, data: DraftInput) -> bytes:
    if draft.extension == "docx":
        return draft.content
    if not data.text_docx:
        raise DomainError(
            _("A PDF draft needs its DOCX too: the text people comment on is read from the DOCX."),
            code="docx_required",
        )
    return data.text_docx


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
    draft = _safe_draft(data)
    blocks = importing.read_docx(_docx_of(draft, data))
    c = Consultation.objects.create(
        place=data.place,
        body=data.body,
        consulting_body=text(
            data.consulting_body
            or (
                data.body.name
                if data.body
                else _("People's Committee of %(place)s") % {"place": in_sentence(data.place.name)}
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
        draft_name=draft.name[-255:],
        created_by=actor,
    )
    c.draft_file.save(draft.stored_name(), ContentFile(draft.content), save=True)
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

    with official_language():  # a public document, whatever language the officer reads the site in
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


def check_period(opens_on: dt.date, closes_on: dt.date, today: dt.date) -> None:
    """Refuse a period that ends before it opens, opens more than a year ahead or lasts over a year."""
    if closes_on < opens_on:
        raise DomainError(_("The comment period ends before it opens."), code="period_reversed")
    if (opens_on - today).days > MAX_LEAD_DAYS:
        raise DomainError(
            _("A consultation opens within %(n)s days from today.") % {"n": MAX_LEAD_DAYS},
            code="open_too_far",
        )
    if (closes_on - opens_on).days + 1 > MAX_OPEN_DAYS:
        raise DomainError(
            _("A comment period lasts at most %(n)s days.") % {"n": MAX_OPEN_DAYS}, code="period_too_long"
        )


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
    check_period(opens_on, closes_on, today)
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

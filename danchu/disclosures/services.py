"""Every change to disclosures goes through these functions (web views, API, tasks, demo)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from typing import IO, Any

import nh3
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from danchu.accounts.models import Role
from danchu.core.audit import audit, snapshot
from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.places.models import Level, Place

from . import categories, docrefs, search, uploads
from .models import (
    Attachment,
    Bulletin,
    BulletinSettings,
    Citation,
    Disclosure,
    DisclosureVersion,
    Document,
    Follow,
    JobStatus,
    Obligation,
    Proof,
    Question,
    SearchEntry,
    Voice,
)
from .permissions import can_manage

log = logging.getLogger(__name__)
S = Disclosure.Status

# A publish time a little in the past (form filled a minute ago) is "now", not "the past".
PUBLISH_GRACE = dt.timedelta(minutes=5)
AUDITED = [
    "status",
    "title",
    "summary",
    "category",
    "publish_at",
    "published_at",
    "posting_start",
    "posting_end",
    "version",
    "withdraw_reason",
]

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}


# --- Text -----------------------------------------------------------------------------------------


def _t(text: str | None) -> str:
    """Text as stored: no NUL characters (PostgreSQL refuses them in text columns)."""
    return (text or "").replace("\x00", "")


def render_markdown(text: str, links: dict[str, str] | None = None) -> str:
    """Markdown to safe HTML: unsafe HTML and scripts are stripped (nh3); document references become
    links to their registry page when `links` maps a reference's text span to a URL."""
    if links:
        for span, url in sorted(links.items(), key=lambda kv: -len(kv[0])):
            text = re.sub(rf"(?<!\[){re.escape(span)}(?!\]\()", f"[{span}]({url})", text, count=0)
    html = _md.render(text or "")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


def _document_for(ref: docrefs.DocRef) -> Document:
    doc = Document.objects.filter(key=ref.key).first()
    if doc is None and ref.year is None:
        # A later citation without year or date ("Kết luận số 21-KL/TW") names the one we know.
        same = list(Document.objects.filter(symbol=ref.symbol)[:2])
        if len(same) == 1:
            doc = same[0]
    if doc is None:
        doc = Document.objects.create(
            key=ref.key,
            form=ref.form,
            doc_type=ref.doc_type,
            type_name=ref.type_name,
            number=ref.number,
            year=ref.year,
            symbol=ref.symbol,
            issuer=ref.issuer,
            issuer_name=ref.issuer_name[:200],
            issued_on=ref.issued_on,
            title=ref.title,
        )
        _index_document(doc)
    elif (ref.issued_on and not doc.issued_on) or (ref.issuer_name and not doc.issuer_name):
        doc.issued_on = doc.issued_on or ref.issued_on
        doc.issuer_name = doc.issuer_name or ref.issuer_name[:200]
        doc.save(update_fields=["issued_on", "issuer_name"])
        _index_document(doc)
    return doc


def _index_document(doc: Document) -> None:
    body = " ".join(
        filter(
            None,
            [
                doc.type_name,
                doc.symbol,
                doc.issuer_name,
                doc.issued_on.strftime("%d/%m/%Y") if doc.issued_on else "",
            ],
        )
    )
    search.index(
        kind=SearchEntry.Kind.DOCUMENT, object_id=doc.pk, title=str(doc), body=body, date=doc.issued_on
    )


def _cite_and_render(d: Disclosure) -> None:
    """Link the documents the text cites and render the body (caller saves body_html)."""
    refs = docrefs.parse(f"{d.title}\n{d.summary}\n{d.body}\n{d.legal_basis}")
    links: dict[str, str] = {}
    seen: set[int] = set()
    for ref in refs:
        doc = _document_for(ref)
        links[ref.text] = doc.get_absolute_url()
        if doc.pk not in seen:
            seen.add(doc.pk)
            Citation.objects.get_or_create(document=doc, disclosure=d, defaults={"text": ref.text[:300]})
    d.body_html = render_markdown(d.body, links)


def _index_disclosure(d: Disclosure) -> None:
    if not d.is_public:
        search.unindex(kind=SearchEntry.Kind.DISCLOSURE, object_id=d.pk)
        return
    body = "\n".join(filter(None, [d.summary, d.body, d.issuing_unit, d.place.name, d.legal_basis]))
    search.index(
        kind=SearchEntry.Kind.DISCLOSURE,
        object_id=d.pk,
        title=d.title,
        body=body,
        place_path=d.place.path,
        category=d.category,
        date=timezone.localtime(d.published_at).date() if d.published_at else None,
    )


# --- Access ---------------------------------------------------------------------------------------


def _require_manage(actor: Any, place: Place) -> None:
    if not can_manage(actor, place):
        raise Forbidden(_("You may only publish for your own unit."))


def _category(code: str) -> categories.Category:
    cat = categories.get(code)
    if cat is None:
        raise DomainError(_("Unknown category: %(code)s.") % {"code": code}, code="unknown_category")
    return cat


def default_issuing_unit(place: Place) -> str:
    return _("People's Committee of %(place)s") % {"place": place.name}


def voice_for(place: Place) -> str:
    s = BulletinSettings.objects.filter(place=place).first()
    return s.voice if s else Voice.NORTHERN


# --- Draft ----------------------------------------------------------------------------------------


@transaction.atomic
def disclosure_create(
    *,
    actor: Any,
    place: Place,
    category: str,
    title: str,
    summary: str = "",
    body: str = "",
    legal_basis: str = "",
    issuing_unit: str = "",
    villages: Iterable[Place] = (),
    voice: str = "",
) -> Disclosure:
    _require_manage(actor, place)
    title, summary, body, legal_basis, issuing_unit = map(
        _t, (title, summary, body, legal_basis, issuing_unit)
    )
    cat = _category(category)
    if place.level > Level.COMMUNE:
        raise DomainError(_("Disclosures are issued by a commune or a higher unit, not by a village."))
    if not title.strip():
        raise DomainError(_("A title is required."), code="title_required")
    villages = list(villages)
    for v in villages:
        if v.parent_id != place.pk:
            raise DomainError(
                _("%(village)s is not a village of %(place)s.") % {"village": v.name, "place": place.name}
            )
    d = Disclosure.objects.create(
        place=place,
        category=cat.code,
        title=title.strip(),
        summary=summary.strip(),
        body=body,
        legal_basis=legal_basis.strip() or cat.legal_basis,
        issuing_unit=issuing_unit.strip() or default_issuing_unit(place),
        audience_all=not villages,
        voice=voice,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if villages:
        d.villages.set(villages)
    d.body_html = render_markdown(d.body)
    d.save(update_fields=["body_html"])
    audit(actor=actor, action="disclosures.create", obj=d, after=snapshot(d, AUDITED))
    return d


@transaction.atomic
def disclosure_update(
    *,
    actor: Any,
    disclosure: Disclosure,
    title: str,
    summary: str,
    body: str,
    category: str,
    legal_basis: str = "",
    issuing_unit: str = "",
    villages: Iterable[Place] | None = None,
    voice: str = "",
) -> Disclosure:
    """Edit a draft (or a scheduled item before it goes out). Published items are corrected instead."""
    d = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    _require_manage(actor, d.place)
    if not d.is_editable:
        raise DomainError(
            _("A published disclosure cannot be edited; publish a correction instead."), code="not_editable"
        )
    before = snapshot(d, AUDITED)
    cat = _category(category)
    title, summary, body, legal_basis, issuing_unit = map(
        _t, (title, summary, body, legal_basis, issuing_unit)
    )
    d.title, d.summary, d.body, d.category, d.voice = title.strip(), summary.strip(), body, cat.code, voice
    d.legal_basis = legal_basis.strip() or cat.legal_basis
    d.issuing_unit = issuing_unit.strip() or d.issuing_unit
    d.body_html = render_markdown(d.body)
    if villages is not None:
        villages = list(villages)
        d.audience_all = not villages
        d.villages.set(villages)
    d.save(
        update_fields=[
            "title",
            "summary",
            "body",
            "category",
            "voice",
            "legal_basis",
            "issuing_unit",
            "body_html",
            "audience_all",
            "updated_at",
        ]
    )
    audit(actor=actor, action="disclosures.update", obj=d, before=before, after=snapshot(d, AUDITED))
    return d


# --- Publishing -----------------------------------------------------------------------------------


def _check_posting(cat: categories.Category, start: dt.date, end: dt.date) -> None:
    if end < start:
        raise DomainError(_("The posting period ends before it starts."), code="posting_period")
    days = (end - start).days + 1
    if days < cat.min_posting_days:
        raise DomainError(
            _(
                "The posting period is %(days)s days; the rule for “%(category)s” (%(basis)s) requires at least "
                "%(min)s days."
            )
            % {"days": days, "category": cat.name, "basis": cat.legal_basis, "min": cat.min_posting_days},
            code="posting_too_short",
            detail={"days": days, "minimum": cat.min_posting_days},
        )


@transaction.atomic
def disclosure_publish(
    *,
    actor: Any,
    disclosure: Disclosure,
    publish_at: dt.datetime | None = None,
    posting_start: dt.date | None = None,
    posting_end: dt.date | None = None,
    period_key: str = "",
    now: dt.datetime | None = None,
) -> Disclosure:
    """Publish now, or schedule for `publish_at`. The posting period defaults to the category's
    minimum from the publication day."""
    d = Disclosure.objects.select_for_update().select_related("place").get(pk=disclosure.pk)
    _require_manage(actor, d.place)
    if d.status not in (S.DRAFT, S.SCHEDULED):
        raise DomainError(
            _("Only a draft can be published (this one is %(status)s).") % {"status": d.get_status_display()},
            code="not_draft",
        )
    now = now or timezone.now()
    when = publish_at or now
    if when < now - PUBLISH_GRACE:
        raise DomainError(
            _(
                "A disclosure cannot be published in the past (%(when)s): the publication date is the date "
                "people are informed."
            )
            % {"when": timezone.localtime(when).strftime("%d/%m/%Y %H:%M")},
            code="publish_in_past",
        )
    cat = _category(d.category)
    start = posting_start or timezone.localtime(when).date()
    if start < timezone.localtime(when).date():
        raise DomainError(_("Posting cannot start before the publication date."), code="posting_period")
    end = posting_end or start + dt.timedelta(days=cat.min_posting_days - 1)
    _check_posting(cat, start, end)
    before = snapshot(d, AUDITED)
    d.publish_at, d.posting_start, d.posting_end = when, start, end
    d.period_key = period_key or d.period_key
    if when > now:
        d.status = S.SCHEDULED
        d.save(
            update_fields=["publish_at", "posting_start", "posting_end", "period_key", "status", "updated_at"]
        )
        audit(actor=actor, action="disclosures.schedule", obj=d, before=before, after=snapshot(d, AUDITED))
        return d
    _go_live(d, actor=actor, now=now, before=before)
    return d


def _go_live(d: Disclosure, *, actor: Any, now: dt.datetime, before: dict[str, Any]) -> None:
    d.status = S.PUBLISHED
    d.published_at = now
    if not d.voice:
        d.voice = voice_for(d.place)
    _cite_and_render(d)
    d.audio_status = JobStatus.PENDING
    d.poster_status = JobStatus.PENDING
    d.save(
        update_fields=[
            "status",
            "published_at",
            "publish_at",
            "posting_start",
            "posting_end",
            "period_key",
            "voice",
            "body_html",
            "audio_status",
            "poster_status",
            "updated_at",
        ]
    )
    DisclosureVersion.objects.get_or_create(
        disclosure=d,
        number=d.version,
        defaults={
            "title": d.title,
            "summary": d.summary,
            "body": d.body,
            "body_html": d.body_html,
            "created_by": actor if getattr(actor, "pk", None) else None,
            "created_at": now,
        },
    )
    _index_disclosure(d)
    _meet_obligation(d)
    audit(actor=actor, action="disclosures.publish", obj=d, before=before, after=snapshot(d, AUDITED))
    _after_commit_publication(d, notify=True)


def _after_commit_publication(d: Disclosure, *, notify: bool) -> None:
    pk = d.pk
    urls = public_urls(d)

    def enqueue() -> None:
        from . import tasks

        # Jobs never block publication: a failure is recorded on the disclosure and retried.
        for job in (tasks.make_poster, tasks.make_audio):
            try:
                job(pk)
            except Exception:  # immediate mode runs the job here; a broken job must not undo the commit
                log.exception("disclosure %s: job %s failed", pk, job)
        if notify:
            try:
                tasks.notify_followers(pk)
            except Exception:
                log.exception("disclosure %s: notifying followers failed", pk)
        try:
            tasks.purge_cache(urls)
        except Exception:
            log.exception("disclosure %s: cache purge failed", pk)

    transaction.on_commit(enqueue)


def publish_due(*, now: dt.datetime | None = None) -> int:
    """Publish the scheduled items whose time has come (the periodic task calls this)."""
    now = now or timezone.now()
    count = 0
    for pk in list(Disclosure.objects.due_to_publish(now).values_list("pk", flat=True)):
        with transaction.atomic():
            d = Disclosure.objects.select_for_update().select_related("place").get(pk=pk)
            if d.status != S.SCHEDULED:
                continue
            before = snapshot(d, AUDITED)
            _go_live(d, actor=None, now=now, before=before)
            count += 1
    return count


@transaction.atomic
def disclosure_correct(
    *, actor: Any, disclosure: Disclosure, title: str, summary: str, body: str, note: str
) -> Disclosure:
    """A correction makes a new version; the earlier ones stay visible with their dates."""
    d = Disclosure.objects.select_for_update().select_related("place").get(pk=disclosure.pk)
    _require_manage(actor, d.place)
    if d.status != S.PUBLISHED:
        raise DomainError(
            _("Only a published disclosure can be corrected (this one is %(status)s).")
            % {"status": d.get_status_display()},
            code="not_published",
        )
    if not note.strip():
        raise DomainError(
            _("Say what the correction changes: a correction without a note is refused."),
            code="note_required",
        )
    before = snapshot(d, AUDITED)
    title, summary, body, note = map(_t, (title, summary, body, note))
    d.title, d.summary, d.body = title.strip() or d.title, summary.strip(), body
    d.version += 1
    _cite_and_render(d)
    d.poster_status = JobStatus.PENDING
    d.audio_status = JobStatus.PENDING
    d.save(
        update_fields=[
            "title",
            "summary",
            "body",
            "version",
            "body_html",
            "poster_status",
            "audio_status",
            "updated_at",
        ]
    )
    DisclosureVersion.objects.create(
        disclosure=d,
        number=d.version,
        title=d.title,
        summary=d.summary,
        body=d.body,
        body_html=d.body_html,
        note=note.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _index_disclosure(d)
    audit(actor=actor, action="disclosures.correct", obj=d, before=before, after=snapshot(d, AUDITED))
    _after_commit_publication(d, notify=False)
    return d


@transaction.atomic
def disclosure_withdraw(*, actor: Any, disclosure: Disclosure, reason: str) -> Disclosure:
    """Withdraw a published or scheduled item. Nothing is deleted: the page stays, with the reason."""
    d = Disclosure.objects.select_for_update().select_related("place").get(pk=disclosure.pk)
    _require_manage(actor, d.place)
    reason = _t(reason)
    if not reason.strip():
        raise DomainError(
            _(
                "A withdrawal needs a reason: people have the right to know why information "
                "was taken down (Law 10/2022/QH15, Art. 5)."
            ),
            code="reason_required",
        )
    if d.status not in (S.PUBLISHED, S.SCHEDULED):
        raise DomainError(
            _("Only a published or scheduled disclosure can be withdrawn (this one is %(status)s).")
            % {"status": d.get_status_display()},
            code="not_published",
        )
    before = snapshot(d, AUDITED)
    d.status = S.WITHDRAWN
    d.withdrawn_at = timezone.now()
    d.withdraw_reason = reason.strip()
    d.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    _index_disclosure(d)
    Obligation.objects.filter(met_by=d).update(met_by=None, met_on=None)
    audit(
        actor=actor,
        action="disclosures.withdraw",
        obj=d,
        before=before,
        after={**snapshot(d, AUDITED), "reason": reason.strip()},
    )
    urls = public_urls(d)
    transaction.on_commit(lambda: _purge_quietly(urls))
    return d


def end_expired(*, on: dt.date | None = None) -> int:
    """Items past their posting period leave the board (they stay in the archive)."""
    on = on or timezone.localdate()
    count = 0
    for d in Disclosure.objects.past_posting(on).select_related("place"):
        with transaction.atomic():
            before = snapshot(d, AUDITED)
            d.status = S.ENDED
            d.ended_at = timezone.now()
            d.save(update_fields=["status", "ended_at", "updated_at"])
            audit(actor=None, action="disclosures.end", obj=d, before=before, after=snapshot(d, AUDITED))
            count += 1
    return count


def record_view(pk: int) -> None:
    """One UPDATE, no read: cheap enough for every page view, and the page itself stays cacheable."""
    from .queries import valid_pk

    if valid_pk(pk):
        Disclosure.objects.filter(pk=pk).update(view_count=F("view_count") + 1)


# --- Attachments and proofs --------------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *, actor: Any, disclosure: Disclosure, file: IO[bytes], name: str, size: int
) -> Attachment:
    d = Disclosure.objects.select_related("place").get(pk=disclosure.pk)
    _require_manage(actor, d.place)
    if d.status in (S.WITHDRAWN, S.ENDED):
        raise DomainError(
            _("Files cannot be added to a disclosure that is %(status)s.")
            % {"status": d.get_status_display()}
        )
    checked = uploads.check(
        file, name=name, size=size, allowed={**uploads.DOCUMENT_TYPES, **uploads.IMAGE_TYPES}
    )
    stem = re.sub(r"[^\w.-]+", "-", name.rsplit(".", 1)[0])[:80] or "tep"
    a = Attachment(
        disclosure=d,
        name=f"{stem}.{checked.extension}",
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    a.file.save(a.name, File(file), save=False)
    a.save()
    audit(
        actor=actor,
        action="disclosures.attach",
        obj=d,
        after={"attachment": a.pk, "name": a.name, "sha256": a.sha256, "size": a.size},
    )
    return a


@transaction.atomic
def proof_add(
    *,
    actor: Any,
    disclosure: Disclosure,
    kind: str,
    place: Place,
    at: dt.datetime,
    location: str = "",
    note: str = "",
    photo: IO[bytes] | None = None,
    photo_name: str = "",
    photo_size: int = 0,
) -> Proof:
    d = Disclosure.objects.select_related("place").get(pk=disclosure.pk)
    _require_manage(actor, d.place)
    if not d.is_public:
        raise DomainError(_("Proof of posting is recorded for a published disclosure."))
    if kind not in Proof.Kind.values:
        raise DomainError(_("Unknown kind of proof."))
    if place != d.place and place.parent_id != d.place.pk:
        raise DomainError(_("%(place)s is not the commune or one of its villages.") % {"place": place.name})
    if at > timezone.now() + PUBLISH_GRACE:
        raise DomainError(
            _("A proof records what happened: its time cannot be in the future."), code="future"
        )
    if kind == Proof.Kind.NOTICE_BOARD and photo is None:
        raise DomainError(_("A notice-board posting needs a photo of the board."), code="photo_required")
    p = Proof(
        disclosure=d,
        kind=kind,
        place=place,
        at=at,
        location=location.strip(),
        note=note.strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    if photo is not None:
        checked = uploads.check(
            photo, name=photo_name or "photo", size=photo_size, allowed=uploads.IMAGE_TYPES
        )
        p.photo.save(f"proof-{d.pk}.{checked.extension}", File(photo), save=False)
    p.save()
    audit(
        actor=actor,
        action="disclosures.proof",
        obj=d,
        after={"proof": p.pk, "kind": kind, "place": place.code, "at": at.isoformat()},
    )
    return p


def posted_days(d: Disclosure, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Per place, how long the notice was physically posted, from proofs: from the first posting
    photo to the take-down (or to today / the end of the posting period)."""
    today = today or timezone.localdate()
    by_place: dict[int, dict[str, Any]] = {}
    for p in sorted(d.proofs.all(), key=lambda p: p.at):
        day = timezone.localtime(p.at).date()
        row = by_place.setdefault(p.place_id, {"place": p.place, "from": None, "to": None, "broadcasts": 0})
        if p.kind == Proof.Kind.NOTICE_BOARD and row["from"] is None:
            row["from"] = day
        elif p.kind == Proof.Kind.TAKEN_DOWN and row["from"] is not None:
            row["to"] = day
        elif p.kind == Proof.Kind.LOUDSPEAKER:
            row["broadcasts"] += 1
    out = []
    for row in by_place.values():
        if row["from"] is not None:
            end = row["to"] or min(today, d.posting_end or today)
            row["days"] = (end - row["from"]).days + 1
            row["ongoing"] = row["to"] is None
        else:
            row["days"] = 0
            row["ongoing"] = False
        out.append(row)
    return out


# --- Questions ------------------------------------------------------------------------------------


@transaction.atomic
def question_ask(*, actor: Any, disclosure: Disclosure, text: str) -> Question:
    if not getattr(actor, "is_authenticated", False):
        raise Forbidden(_("Sign in to ask a question."))
    if disclosure.status != S.PUBLISHED:
        raise DomainError(_("Questions are taken while the disclosure is published."))
    text = _t(text).strip()
    if len(text) < 5:
        raise DomainError(_("The question is too short."), code="too_short")
    if len(text) > 2000:
        raise DomainError(_("The question is too long (2,000 characters at most)."), code="too_long")
    recent = Question.objects.filter(
        asker=actor, asked_at__gte=timezone.now() - dt.timedelta(hours=1)
    ).count()
    if recent >= 5:
        raise DomainError(
            _("You have asked 5 questions in the last hour; please wait."), code="rate_limited", status=429
        )
    q = Question.objects.create(disclosure=disclosure, asker=actor, text=text)
    audit(actor=actor, action="disclosures.question_ask", obj=q, after={"disclosure": disclosure.pk})
    return q


@transaction.atomic
def question_moderate(*, actor: Any, question: Question, approve: bool, reason: str = "") -> Question:
    q = Question.objects.select_for_update().select_related("disclosure__place").get(pk=question.pk)
    _require_manage(actor, q.disclosure.place)
    if q.status != Question.Status.PENDING:
        raise DomainError(_("This question has already been moderated."), code="already_moderated")
    if not approve and not reason.strip():
        raise DomainError(
            _("Rejecting a question needs a reason, which the asker will see."), code="reason_required"
        )
    q.status = Question.Status.APPROVED if approve else Question.Status.REJECTED
    q.reject_reason = "" if approve else reason.strip()
    q.moderated_by = actor
    q.save(update_fields=["status", "reject_reason", "moderated_by"])
    audit(
        actor=actor,
        action="disclosures.question_moderate",
        obj=q,
        after={"status": q.status, "reason": q.reject_reason},
    )
    return q


@transaction.atomic
def question_answer(*, actor: Any, question: Question, answer: str) -> Question:
    q = Question.objects.select_for_update().select_related("disclosure__place").get(pk=question.pk)
    _require_manage(actor, q.disclosure.place)
    if q.status == Question.Status.REJECTED:
        raise DomainError(_("A rejected question is not answered."))
    answer = _t(answer)
    if not answer.strip():
        raise DomainError(_("The answer is empty."), code="answer_required")
    q.status = Question.Status.ANSWERED
    q.answer = answer.strip()
    q.answered_by = actor
    q.answered_at = timezone.now()
    if q.moderated_by_id is None:
        q.moderated_by = actor  # answering a pending question approves it
    q.save(update_fields=["status", "answer", "answered_by", "answered_at", "moderated_by"])
    audit(actor=actor, action="disclosures.question_answer", obj=q, after={"answer": q.answer})
    return q


@transaction.atomic
def question_to_case(*, actor: Any, question: Question) -> str:
    """Turn a question into a feedback case (phản ánh) of the cases module, filed for the asker;
    returns its tracking code. The question keeps the code."""
    q = Question.objects.select_for_update().select_related("disclosure__place", "asker").get(pk=question.pk)
    _require_manage(actor, q.disclosure.place)
    if q.case_code:
        raise DomainError(
            _("This question is already the case %(code)s.") % {"code": q.case_code}, code="already_case"
        )
    try:
        from danchu.cases import services as cases
    except ImportError:
        raise DomainError(_("The feedback module is not installed."), code="no_cases") from None
    d = q.disclosure
    case = cases.case_submit(
        case_type_key="feedback",
        place=d.place,
        title=(_("Question on: %(title)s") % {"title": d.title})[:200],
        description=f"{q.text}\n\n{settings.SITE_URL}{d.get_absolute_url()}",
        submitter=q.asker,
        recorded_by=actor,
    )
    q.case_code = case.tracking_code
    q.save(update_fields=["case_code"])
    audit(actor=actor, action="disclosures.question_to_case", obj=q, after={"case": case.tracking_code})
    return case.tracking_code


# --- Following ------------------------------------------------------------------------------------


def follow(*, person: Any, place: Place | None = None, category: str = "") -> Follow:
    if not getattr(person, "is_authenticated", False):
        raise Forbidden(_("Sign in to follow."))
    if place is None and not category:
        raise DomainError(_("Choose a commune, a village or a category to follow."))
    if category:
        _category(category)
    if place is not None and place.level < Level.COMMUNE:
        raise DomainError(_("Follow a commune or a village."))
    f, _created = Follow.objects.get_or_create(person=person, place=place, category=category)
    return f


def unfollow(*, person: Any, place: Place | None = None, category: str = "") -> None:
    Follow.objects.filter(person=person, place=place, category=category).delete()


def followers_of(d: Disclosure) -> list[Any]:
    """Who follows the commune (any category or this one), one of the addressed villages, or the category."""
    from django.db.models import Q

    from danchu.accounts.models import User

    village_ids = (
        list(d.villages.values_list("pk", flat=True))
        if not d.audience_all
        else list(Place.objects.filter(parent=d.place).values_list("pk", flat=True))
    )
    place_q = Q(place=d.place) | Q(place_id__in=village_ids)
    cat_q = Q(category="") | Q(category=d.category)
    follows = Follow.objects.filter((place_q & cat_q) | Q(place__isnull=True, category=d.category))
    return list(User.objects.filter(pk__in=follows.values("person_id"), is_active=True))


def send_notification(person: Any, *, subject: str, body: str) -> str:
    """Deliver by the person's channel through accounts' notification service when it exists,
    else e-mail directly or write to the outbox (SMS, Zalo)."""
    notify_module: Any
    try:
        from danchu.accounts import notify as notify_module  # built by the foundation
    except ImportError:
        notify_module = None
    if notify_module is not None and hasattr(notify_module, "notify"):
        notify_module.notify(person, subject=subject, body=body)
        return getattr(person, "notify_channel", "")
    from django.core.mail import send_mail

    from danchu.accounts.models import Channel, OutboxMessage

    channel = getattr(person, "notify_channel", Channel.EMAIL)
    if channel == Channel.NONE:
        return channel
    if channel == Channel.EMAIL and person.email:
        send_mail(subject, body, None, [person.email], fail_silently=False)
        return channel
    recipient = person.phone or person.email or ""
    OutboxMessage.objects.create(
        channel=channel if channel != Channel.EMAIL else Channel.SMS,
        recipient=recipient,
        person=person,
        subject=subject,
        body=body,
    )
    return channel


def notify_followers(d: Disclosure) -> int:
    from .models import Notification

    link = settings.SITE_URL + d.get_absolute_url()
    sent = 0
    for person in followers_of(d):
        if Notification.objects.filter(disclosure=d, person=person).exists():
            continue
        subject = _("New disclosure from %(place)s: %(title)s") % {"place": d.place.name, "title": d.title}
        body = f"{d.title}\n\n{d.summary}\n\n{link}"
        channel = send_notification(person, subject=subject, body=body)
        Notification.objects.create(disclosure=d, person=person, channel=channel)
        sent += 1
    return sent


# --- Obligations (compliance calendar) ------------------------------------------------------------------


def obligations_refresh(*, place: Place, year: int) -> list[Obligation]:
    """Create the year's obligations of a commune from the category registry (idempotent)."""
    out = []
    for cat in categories.ordered():
        for key, start, end in cat.periods(year):
            ob, _created = Obligation.objects.get_or_create(
                place=place,
                category=cat.code,
                period_key=key,
                defaults={
                    "period_start": start,
                    "period_end": end,
                    "due_on": end + dt.timedelta(days=cat.due_after_days),
                },
            )
            out.append(ob)
    return out


def _meet_obligation(d: Disclosure) -> None:
    """Mark the obligation this publication meets: the one of its period, else the earliest open
    one of its category whose period has ended."""
    day = timezone.localtime(d.published_at).date() if d.published_at else timezone.localdate()
    open_ = Obligation.objects.filter(place=d.place, category=d.category, met_on__isnull=True)
    ob = open_.filter(period_key=d.period_key).first() if d.period_key else None
    if ob is None:
        ob = open_.filter(period_end__lte=day).order_by("period_end").first()
    if ob is not None:
        ob.met_by, ob.met_on = d, day
        ob.save(update_fields=["met_by", "met_on"])


def check_overdue(*, today: dt.date | None = None) -> int:
    """Alert each commune's chairman once per overdue obligation."""
    from danchu.accounts.models import Membership

    today = today or timezone.localdate()
    alerted = 0
    overdue = Obligation.objects.filter(
        met_on__isnull=True, due_on__lt=today, alerted_at__isnull=True
    ).select_related("place")
    for ob in overdue:
        chairs = [
            m.person
            for m in Membership.objects.active()
            .filter(role=Role.COMMUNE_CHAIRMAN, place=ob.place)
            .select_related("person")
        ]
        cat = categories.get(ob.category)
        subject = _("Overdue disclosure: %(category)s, %(period)s") % {
            "category": cat.name if cat else ob.category,
            "period": categories.period_label(ob.period_key),
        }
        body = _(
            "%(place)s had to disclose “%(category)s” for %(period)s by %(due)s (%(basis)s). It is not "
            "published yet."
        ) % {
            "place": ob.place.name,
            "category": cat.name if cat else ob.category,
            "period": categories.period_label(ob.period_key),
            "due": ob.due_on.strftime("%d/%m/%Y"),
            "basis": cat.legal_basis if cat else "",
        }
        for person in chairs:
            send_notification(person, subject=subject, body=body)
        ob.alerted_at = timezone.now()
        ob.save(update_fields=["alerted_at"])
        audit(
            actor=None,
            action="disclosures.obligation_overdue",
            obj=ob,
            after={"place": ob.place.code, "category": ob.category, "period": ob.period_key},
        )
        alerted += 1
    return alerted


# --- Loudspeaker settings -----------------------------------------------------------------------------


@transaction.atomic
def bulletin_settings_set(*, actor: Any, place: Place, voice: str) -> BulletinSettings:
    _require_manage(actor, place)
    if voice not in Voice.values:
        raise DomainError(_("Unknown voice."))
    s, _created = BulletinSettings.objects.update_or_create(place=place, defaults={"voice": voice})
    audit(actor=actor, action="disclosures.voice", obj=s, after={"voice": voice})
    return s


def retry_jobs(*, actor: Any, disclosure: Disclosure) -> None:
    _require_manage(actor, disclosure.place)
    Disclosure.objects.filter(pk=disclosure.pk).update(
        audio_status=JobStatus.PENDING, poster_status=JobStatus.PENDING
    )
    _after_commit_publication(disclosure, notify=False)


def bulletin_for(place: Place, day: dt.date) -> Bulletin:
    """The commune's bulletin of `day`: what was published that day (or is still on the board and
    not yet broadcast, up to 10 items)."""
    b, _created = Bulletin.objects.get_or_create(place=place, day=day)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    items = list(
        Disclosure.objects.filter(
            place=place, status=S.PUBLISHED, published_at__gte=start, published_at__lt=end
        ).order_by("published_at")[:10]
    )
    b.items.set(items)
    return b


# --- Public cache ---------------------------------------------------------------------------------


def public_urls(d: Disclosure) -> list[str]:
    urls = [
        reverse("disclosures:detail", kwargs={"pk": d.pk}),
        reverse("disclosures:place", kwargs={"code": d.place.code}),
        reverse("disclosures:feed", kwargs={"code": d.place.code}),
        reverse("disclosures:category", kwargs={"code": d.place.code, "category": d.category}),
        reverse("disclosures:archive", kwargs={"code": d.place.code}),
    ]
    villages = d.villages.all() if not d.audience_all else Place.objects.filter(parent=d.place)
    urls += [reverse("disclosures:place", kwargs={"code": v.code}) for v in villages]
    return urls


def purge_public_cache(urls: Iterable[str]) -> int:
    """Ask the cache in front (nginx proxy_cache_purge style) to drop these pages: one request to
    CACHE_PURGE_URL + path each. A no-op when CACHE_PURGE_URL is not set. Returns how many purged."""
    import urllib.error
    import urllib.request

    base = getattr(settings, "CACHE_PURGE_URL", "").rstrip("/")
    if not base:
        return 0
    done = 0
    for url in urls:
        req = urllib.request.Request(base + url, method=getattr(settings, "CACHE_PURGE_METHOD", "GET"))
        try:
            with urllib.request.urlopen(req, timeout=3) as resp:  # noqa: S310 (configured URL)
                if resp.status < 400:
                    done += 1
        except urllib.error.HTTPError as e:
            if e.code == 404:  # not in the cache: nothing to purge
                done += 1
            else:
                log.warning("cache purge %s: HTTP %s", url, e.code)
        except OSError as e:
            log.warning("cache purge %s failed: %s", url, e)
    return done


def _purge_quietly(urls: list[str]) -> None:
    try:
        from . import tasks

        tasks.purge_cache(urls)
    except Exception:
        log.exception("cache purge failed")


# --- Lookups used by views and the API --------------------------------------------------------------


def get_for_staff(person: Any, pk: int) -> Disclosure:
    """The disclosure if the person may manage it; NotFound for both missing and foreign."""
    from .queries import valid_pk

    d = Disclosure.objects.select_related("place").filter(pk=pk).first() if valid_pk(pk) else None
    if d is None or not can_manage(person, d.place):
        raise NotFound(_("No such disclosure."))
    return d


def question_for_staff(person: Any, pk: int) -> Question:
    """The question if the person may moderate it (staff of the issuing unit); NotFound for both
    missing and foreign, so ids cannot be probed."""
    from .queries import valid_pk

    q = (
        Question.objects.select_related("disclosure__place", "asker").filter(pk=pk).first()
        if valid_pk(pk)
        else None
    )
    if q is None or not can_manage(person, q.disclosure.place):
        raise NotFound(_("No such question."))
    return q


def save_generated(field_file: Any, name: str, data: bytes) -> None:
    field_file.save(name, ContentFile(data), save=False)

"""Publishing: publish or schedule, correct, withdraw, end; the jobs and cache purge that follow."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit, snapshot
from danchu.core.errors import DomainError
from danchu.core.formats import short_datetime

from .. import categories
from ..models import (
    Disclosure,
    DisclosureVersion,
    JobStatus,
    Obligation,
)
from .common import (
    AUDITED,
    PUBLISH_GRACE,
    S,
    actor_or_none,
    category_or_error,
    fit,
    require_manage,
    voice_for,
)
from .obligations import meet_obligation
from .purge import public_urls
from .text import cite_and_render, index_disclosure

log = logging.getLogger(__name__)


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
    require_manage(actor, d.place)
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
            % {"when": short_datetime(when)},
            code="publish_in_past",
        )
    cat = category_or_error(d.category)
    start = posting_start or timezone.localtime(when).date()
    if start < timezone.localtime(when).date():
        raise DomainError(_("Posting cannot start before the publication date."), code="posting_period")
    end = posting_end or start + dt.timedelta(days=cat.min_posting_days - 1)
    _check_posting(cat, start, end)
    before = snapshot(d, AUDITED)
    d.publish_at, d.posting_start, d.posting_end = when, start, end
    d.period_key = fit(period_key, "period_key", _("The reporting period")).strip() or d.period_key
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
    cite_and_render(d)
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
            "created_by": actor_or_none(actor),
            "created_at": now,
        },
    )
    index_disclosure(d)
    meet_obligation(d)
    audit(actor=actor, action="disclosures.publish", obj=d, before=before, after=snapshot(d, AUDITED))
    _after_commit_publication(d, notify=True)


def _after_commit_publication(d: Disclosure, *, notify: bool) -> None:
    pk = d.pk
    urls = public_urls(d)

    def enqueue() -> None:
        from .. import tasks

        # The refresh of the public pages is queued first: behind the poster and the audio (seconds of
        # WeasyPrint and espeak-ng on a busy queue) readers would wait longer than the 2 s allowed.
        # The audio job refreshes the item's page again when its player can be shown.
        try:
            tasks.purge_cache(urls)
        except Exception:
            log.exception("disclosure %s: cache purge failed", pk)
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
    require_manage(actor, d.place)
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
    title = fit(title, "title", _("The title"))
    summary = fit(summary, "summary", _("The summary"))
    body = fit(body, "body", _("The text"))
    note = fit(note, "note", _("The note"))
    d.title, d.summary, d.body = title.strip() or d.title, summary.strip(), body
    d.version += 1
    cite_and_render(d)
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
        created_by=actor_or_none(actor),
    )
    index_disclosure(d)
    audit(actor=actor, action="disclosures.correct", obj=d, before=before, after=snapshot(d, AUDITED))
    _after_commit_publication(d, notify=False)
    return d


@transaction.atomic
def disclosure_withdraw(*, actor: Any, disclosure: Disclosure, reason: str) -> Disclosure:
    """Withdraw a published or scheduled item. Nothing is deleted: the page stays, with the reason."""
    d = Disclosure.objects.select_for_update().select_related("place").get(pk=disclosure.pk)
    require_manage(actor, d.place)
    reason = fit(reason, "reason", _("The reason"))
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
    index_disclosure(d)
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
    from ..queries import valid_pk

    if valid_pk(pk):
        Disclosure.objects.filter(pk=pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def retry_jobs(*, actor: Any, disclosure: Disclosure) -> None:
    require_manage(actor, disclosure.place)
    Disclosure.objects.filter(pk=disclosure.pk).update(
        audio_status=JobStatus.PENDING, poster_status=JobStatus.PENDING
    )
    audit(
        actor=actor,
        action="disclosures.retry_jobs",
        obj=disclosure,
        after={"poster": "pending", "audio": "pending"},
    )
    _after_commit_publication(disclosure, notify=False)


# --- Public cache (purge.py) ---------------------------------------------------------------------


def _purge_quietly(urls: list[str]) -> None:
    try:
        from .. import tasks

        tasks.purge_cache(urls)
    except Exception:
        log.exception("cache purge failed")

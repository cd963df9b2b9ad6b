"""Signing a drafted report (numbering, the refusal while a stated figure is unapproved, publishing
when the committee chooses), the readable difference between two versions, and the acceptance of
approved data by the level above."""

from __future__ import annotations

import difflib
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.access import can
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.i18n import later
from danchu.places.models import Place

from .. import permissions
from ..catalogue import get_indicator
from ..models import Acceptance, DraftReport, Submission
from ..periods import Period


def stated_codes(report: DraftReport) -> set[str]:
    """The indicators whose figures the report states."""
    codes: set[str] = set()
    for section in report.sections.prefetch_related("sentences"):
        for s in section.sentences.all():
            codes |= {str(f.get("indicator")) for f in s.figures or [] if f.get("indicator")}
            if s.indicator:
                codes.add(s.indicator)
    return codes


def unapproved(report: DraftReport) -> list[str]:
    """ "Xã Ea Kly — Báo cáo quý … (quý I năm 2025): hồ sơ tiếp nhận, …" for every submission whose
    figures the report states while they are submitted but not yet approved."""
    reported = {c for c in stated_codes(report) if (i := get_indicator(c)) is not None and i.in_forms}
    if not reported:
        return []
    subs = (
        Submission.objects.filter(
            place__path__startswith=report.place.path,
            period_start__gte=report.period_start,
            period_end__lte=report.period_end,
            status=Submission.Status.SUBMITTED,
            values__code__in=reported,
            values__value__isnull=False,
        )
        .distinct()
        .select_related("place", "form")
        .prefetch_related("values")
        .order_by("place__name", "period_start")
    )
    out = []
    for sub in subs:
        names = sorted(
            str(getattr(get_indicator(v.code), "name", v.code))
            for v in sub.values.all()
            if v.code in reported and v.value is not None
        )
        out.append(
            f"{sub.place.name} — {sub.form.name} ({sub.period.name('vi')}): "
            + ", ".join(n[0].lower() + n[1:] if n[1:2].islower() else n for n in names)
        )
    return out


def next_number(report: DraftReport) -> int:
    """Consecutive from 1 per type of document and per issuer: per calendar year for a state body,
    per Party-committee term for a Party body (DOMAIN.md §9.2)."""
    signed = DraftReport.objects.filter(status=DraftReport.Status.SIGNED, doc_format=report.doc_format)
    signed = (
        signed.filter(committee=report.committee)
        if report.committee_id
        else signed.filter(place=report.place, committee=None)
    )
    if report.is_party and report.term_start:
        signed = signed.filter(issue_date__gte=report.term_start)
    else:
        signed = signed.filter(issue_date__year=report.issue_date.year)
    numbers = [int(n) for n in signed.values_list("number", flat=True) if str(n).isdigit()]
    return max(numbers, default=0) + 1


@transaction.atomic
def report_sign(*, actor: Any, report: DraftReport, publish: bool = False) -> DraftReport:
    """Sign a version: refused while a figure it states is unapproved (the refusal lists them);
    gives it the next number; publishes it when the committee chooses."""
    from ..registry import PUBLISHER_HOOKS, publish_refusal

    if not can(actor, "reporting.sign_report", report.place):
        raise Forbidden(
            _("The report is signed by the commune chairman or a member of the steering committee.")
        )
    refusal = publish_refusal(actor, report.place) if publish else None
    if refusal:
        raise Forbidden(refusal)
    report = DraftReport.objects.select_for_update().get(pk=report.pk)
    if report.status == DraftReport.Status.SIGNED:
        raise Conflict(_("This version has already been signed."))
    if DraftReport.objects.filter(previous=report).exists():
        raise Conflict(_("A later version of this report exists: sign the latest one."))
    missing = unapproved(report)
    if missing:
        raise Conflict(
            _("The report cannot be signed while figures it states are not approved: %(list)s.")
            % {"list": "; ".join(missing)},
            detail=missing,
        )
    before = snapshot(report, ["status", "number", "issue_date", "signer_name"])
    # A document is dated the day it is issued (Decree 30/2020 art. 10; the Party's rules likewise):
    # a draft of 28 December signed on 5 January bears 5 January and takes the new year's number.
    report.issue_date = timezone.localdate()
    report.number = str(next_number(report))
    report.status = DraftReport.Status.SIGNED
    report.signed_at = timezone.now()
    report.signed_by = actor
    # The name under the signature is the signer's, never the drafter's nor one typed in the header.
    report.signer_name = getattr(actor, "full_name", "") or str(actor)
    if report.issued_at is None:
        report.issued_at, report.issued_by = report.signed_at, actor
    report.save(
        update_fields=[
            "number",
            "status",
            "issue_date",
            "signed_at",
            "signed_by",
            "signer_name",
            "issued_at",
            "issued_by",
        ]
    )
    if publish:
        report.published_as = "; ".join(hook(actor=actor, report=report) for hook in PUBLISHER_HOOKS)[:120]
        report.save(update_fields=["published_as"])
    audit(
        actor=actor,
        action="reporting.report_sign",
        obj=report,
        before=before,
        after=snapshot(report, ["status", "number", "issue_date", "signer_name", "published_as"]),
    )
    _tell_level_above(report)
    return report


def _tell_level_above(report: DraftReport) -> None:
    """The committee of the level above (its chairman, its steering members) learns that a report it
    reads was signed, with the link to it — a signed report is the one sent up. Each reads it in their
    own language; the message goes after the commit (accounts.notify)."""
    from django.urls import reverse

    from danchu.accounts.models import Membership
    from danchu.accounts.notify import notify

    from ..permissions import APPROVER_ROLES

    above = report.place.parent_id
    if above is None:
        return
    people = {
        m.person.pk: m.person
        for m in Membership.objects.active()
        .filter(place_id=above, role__in=APPROVER_ROLES)
        .select_related("person")
    }
    subject = later(
        lambda: (
            _("%(place)s signed its report No. %(number)s/%(symbol)s")
            % {"place": report.place.name, "number": report.number, "symbol": report.symbol}
        )
    )
    body = later(
        lambda: (
            _("%(place)s signed “%(title)s” (No. %(number)s/%(symbol)s, %(day)s), signed by %(signer)s.")
            % {
                "place": report.place.name,
                "title": report.title,
                "number": report.number,
                "symbol": report.symbol,
                "day": report.issue_date.strftime("%d/%m/%Y"),
                "signer": report.signer_name,
            }
        )
    )
    url = reverse("reporting:report", args=[report.pk])
    for person in people.values():
        notify(person, subject=subject, body=body, url=url)


_SENTENCE_END = re.compile(r"(?<=[.;])\s+")


def report_diff(report: DraftReport) -> list[tuple[str, list[tuple[str, str]]]]:
    """What changed from the previous version, section by section, sentence by sentence:
    [(heading, [("-", removed sentence), ("+", added sentence)])]; unchanged sections are left out."""
    if report.previous_id is None:
        return []
    old = {s.key: s for s in DraftReport.objects.get(pk=report.previous_id).sections.all()}
    out = []
    for s in report.sections.all():
        before = _SENTENCE_END.split(old[s.key].text) if s.key in old and old[s.key].text else []
        after = _SENTENCE_END.split(s.text) if s.text else []
        changes = [
            (line[0], line[2:])
            for line in difflib.ndiff(before, after)
            if line[:1] in "+-" and line[2:].strip()
        ]
        if changes:
            out.append((s.heading, changes))
    return out


@transaction.atomic
def submissions_accept(*, actor: Any, place: Place, period: Period) -> int:
    """The level above accepts the approved data of the units within `place` for `period` (DHIS2's
    "accept"): those forms are locked. A unit whose form was not approved yet is not: it reports late
    and is accepted by a later acceptance. Returns how many were accepted."""
    subs = list(
        Submission.objects.select_for_update()
        .filter(
            place__path__startswith=place.path,
            period_start__gte=period.start,
            period_end__lte=period.end,
            status=Submission.Status.APPROVED,
        )
        .exclude(place=place)
        .select_related("form", "place")
    )
    if not permissions.can_accept(actor, place):
        raise Forbidden(_("You may not accept the data of the units below."))
    if not subs:
        raise DomainError(
            _("There is no approved data to accept for %(period)s.") % {"period": period.name("vi")}
        )
    now = timezone.now()
    Submission.objects.filter(pk__in=[s.pk for s in subs]).update(
        status=Submission.Status.ACCEPTED, accepted_at=now, accepted_by=actor
    )
    Acceptance.objects.create(
        place=place, period_start=period.start, period_end=period.end, accepted_by=actor
    )
    audit(
        actor=actor,
        action="reporting.submissions_accept",
        obj=place,
        after={"period": period.code, "submissions": [s.pk for s in subs]},
    )
    return len(subs)


def accepted_above(submission: Submission) -> Acceptance | None:
    """The latest acceptance at a level above the submission's unit covering its period (what locked
    an accepted form)."""
    codes = submission.place.path.strip("/").split("/")[:-1]
    return (
        Acceptance.objects.filter(
            place__code__in=codes,
            period_start__lte=submission.period_start,
            period_end__gte=submission.period_end,
        )
        .select_related("place")
        .order_by("-accepted_at")
        .first()
    )

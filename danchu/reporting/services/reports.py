"""Drafted periodic reports: draft from the records, edit as new versions, issue."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.access import can
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, Forbidden
from danchu.places.models import Place

from ..periods import Period

# --- drafted reports ------------------------------------------------------------------------------


def _short_place_name(place: Place) -> str:
    for prefix in ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu ", "Huyện ", "Thị trấn "):
        if place.name.startswith(prefix):
            return place.name[len(prefix) :]
    return place.name


def _report_title(period: Period) -> str:
    return _("Results of implementing democracy at the grassroots in %(period)s") % {
        "period": period.name("vi")
    }


def issuer_of(committee: Any) -> dict[str, Any]:
    """How the committee issues documents, from the module that knows it (steering registers it);
    a state body in the Decree 30 format when nobody does."""
    from ..registry import ISSUER_HOOKS

    for hook in ISSUER_HOOKS:
        found = hook(committee) if committee is not None else None
        if found:
            return found
    return {}


@transaction.atomic
def report_draft(*, actor: Any, place: Place, period: Period, committee: Any = None) -> Any:
    """Draft the committee's report for `place` and `period` from the roll-ups, sentence by sentence."""
    from django.utils import translation

    from ..models import DraftReport, DraftSection, DraftSentence
    from ..sections import build_context, draft

    if not can(actor, "reporting.draft_report", place):
        raise Forbidden(_("You may not write this committee's report."))
    with translation.override("vi"):
        committee_name = committee.name if committee else _("Steering committee for grassroots democracy")
        ctx = build_context(place=place, period=period, committee_name=committee_name)
        # Drafting again makes the next version of the same report, never a second "v1".
        latest = (
            DraftReport.objects.select_for_update()
            .filter(committee=committee, place=place, period_start=period.start, period_end=period.end)
            .order_by("-version")
            .first()
        )
        issuer = issuer_of(committee)
        report = DraftReport.objects.create(
            version=latest.version + 1 if latest else 1,
            previous=latest,
            doc_format=issuer.get("doc_format", DraftReport.Format.STATE),
            parent_issuer=issuer.get("parent_issuer", ""),
            symbol=issuer.get("symbol", "BC-BCĐ"),
            term_start=issuer.get("term_start"),
            committee=committee,
            place=place,
            period_type=period.type,
            period_start=period.start,
            period_end=period.end,
            title=_report_title(period),
            issuer=committee_name.upper(),
            place_name=_short_place_name(place),
            issue_date=timezone.localdate(),
            created_by=actor,
            signer_name=getattr(actor, "full_name", ""),
            recipients=_(
                "- Steering committee at the level above (to report);\n- Members of the steering committee;\n- Archive: clerical office."
            ),
        )
        for order, (section, heading, sentences) in enumerate(draft(ctx)):
            ds = DraftSection.objects.create(
                report=report,
                key=section.key,
                heading=heading,
                order=order,
                text=" ".join(s.text for s in sentences),
            )
            DraftSentence.objects.bulk_create(
                [
                    DraftSentence(
                        section=ds,
                        order=i,
                        text=s.text,
                        indicator=s.indicator,
                        value=s.value,
                        previous_value=s.previous,
                        figures=s.figures,
                    )
                    for i, s in enumerate(sentences)
                ]
            )
    audit(
        actor=actor,
        action="reporting.report_draft",
        obj=report,
        after=snapshot(report, ["title", "place_id", "period_start", "period_end"]),
    )
    return report


def _copy_as_new_version(report: Any, actor: Any) -> Any:
    from ..models import DraftReport, DraftSentence

    old_sections = list(report.sections.prefetch_related("sentences"))
    new = DraftReport.objects.get(pk=report.pk)
    new.pk = None
    new.version = report.version + 1
    new.previous = report
    new.status = DraftReport.Status.DRAFT
    new.issued_at = None
    new.issued_by = None
    new.created_by = actor
    new.save()
    for s in old_sections:
        sentences = list(s.sentences.all())
        s.pk = None
        s.report = new
        s.save()
        DraftSentence.objects.bulk_create(
            [
                DraftSentence(
                    section=s,
                    order=x.order,
                    text=x.text,
                    indicator=x.indicator,
                    value=x.value,
                    previous_value=x.previous_value,
                    figures=x.figures,
                )
                for x in sentences
            ]
        )
    return new


HEADER_FIELDS = (
    "title",
    "issuer",
    "parent_issuer",
    "number",
    "symbol",
    "place_name",
    "issue_date",
    "signer_title",
    "signer_name",
    "recipients",
)


@transaction.atomic
def report_update(
    *, actor: Any, report: Any, sections: dict[str, str], header: dict[str, Any] | None = None
) -> Any:
    """Save edits. Editing an issued (locked) report starts its next version; the issued one stays."""
    from ..models import DraftReport

    if not can(actor, "reporting.draft_report", report.place):
        raise Forbidden(_("You may not write this committee's report."))
    report = DraftReport.objects.select_for_update().get(pk=report.pk)
    if report.locked:
        report = _copy_as_new_version(report, actor)
    changed_fields = []
    for name, value in (header or {}).items():
        if name in HEADER_FIELDS and value is not None and getattr(report, name) != value:
            setattr(report, name, value)
            changed_fields.append(name)
    if changed_fields:
        report.save(update_fields=changed_fields)
    for s in report.sections.all():
        if s.key in sections and sections[s.key] != s.text:
            s.text = sections[s.key]
            s.edited = True
            s.save(update_fields=["text", "edited"])
    audit(
        actor=actor,
        action="reporting.report_update",
        obj=report,
        after={"sections": sorted(sections), "header": changed_fields},
    )
    return report


@transaction.atomic
def report_issue(*, actor: Any, report: Any) -> Any:
    """Issue a version: it is locked and archived; later edits make the next version."""
    from ..models import DraftReport

    if not can(actor, "reporting.draft_report", report.place):
        raise Forbidden(_("You may not issue this committee's report."))
    report = DraftReport.objects.select_for_update().get(pk=report.pk)
    if report.locked:
        raise Conflict(_("This version has already been issued."))
    report.status = DraftReport.Status.ISSUED
    report.issued_at = timezone.now()
    report.issued_by = actor
    report.save(update_fields=["status", "issued_at", "issued_by"])
    audit(
        actor=actor,
        action="reporting.report_issue",
        obj=report,
        after=snapshot(report, ["status", "version", "number"]),
    )
    return report

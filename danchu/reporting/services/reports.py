"""Drafted periodic reports: draft from the records, edit as new versions, issue."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from danchu.core.access import can
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.formats import cell_date
from danchu.core.text import checked_text, quoted
from danchu.places.models import Place

from ..formatting import name_in_text, name_without_kind
from ..periods import Period

# --- drafted reports ------------------------------------------------------------------------------


def _short_place_name(place: Place) -> str:
    return name_without_kind(place.name)


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
        # Without a committee on record, the header still names the place it speaks for ("BAN CHỈ ĐẠO
        # THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ XÃ KRÔNG PẮC"), not a committee of nowhere.
        committee_name = (
            committee.name
            if committee
            else f"{_('Steering committee for grassroots democracy')} {name_in_text(place.name)}"
        )
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
            # No signer yet: the name under the signature is the signer's, written when signing
            # (the office drafts; the head signs).
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
    """The next version of an issued or signed one: an unsigned draft with the same texts — no number,
    no signer, no signature, not published (the signed version keeps all of that)."""
    from ..models import DraftReport, DraftSentence

    old_sections = list(report.sections.prefetch_related("sentences"))
    new = DraftReport.objects.get(pk=report.pk)
    new.pk = None
    new.version = report.version + 1
    new.previous = report
    new.status = DraftReport.Status.DRAFT
    new.issued_at = None
    new.issued_by = None
    new.number = ""
    new.signed_at = None
    new.signed_by = None
    new.signer_name = ""
    new.published_as = ""
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
    "recipients",
)  # not the signer's name: signing writes the name of whoever signs


def _checked_date(value: str) -> Any:
    try:
        day = cell_date(value)
    except ValueError:
        day = None
    if day is None:
        raise DomainError(
            _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": quoted(value.strip())}, code="bad_date"
        )
    return day


def _checked_edits(
    report: Any, sections: dict[str, str], header: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The header fields and section texts that differ from `report`, checked: a NUL byte, a text
    longer than its field holds, an empty title / issuer / place of issue or a date that is not one
    is refused as a whole, never cut or stored half (PostgreSQL refuses NUL and over-long text with
    a 500). Line ends as a browser sends them (CRLF) are not a change."""
    fields = {f.name: f for f in report._meta.get_fields() if f.name in HEADER_FIELDS}
    changed_header: dict[str, Any] = {}
    for name, value in header.items():
        if name not in HEADER_FIELDS or value is None:
            continue
        field = fields[name]
        text = checked_text(
            str(value).replace("\r\n", "\n"),
            label=capfirst(field.verbose_name),
            limit=field.max_length or 10_000,
            required=name in _REQUIRED_HEADER,
        )
        new = _checked_date(text) if name == "issue_date" else text
        if new != getattr(report, name):
            changed_header[name] = new
    current = {s.key: s.text for s in report.sections.all()}
    changed_sections: dict[str, str] = {}
    for key, value in sections.items():
        if key not in current:
            continue
        text = str(value).replace("\r\n", "\n")
        if "\x00" in text:
            checked_text(text, label=_("The report"), limit=len(text))  # refuses the NUL byte
        if text != current[key]:
            changed_sections[key] = text
    return changed_header, changed_sections


_REQUIRED_HEADER = {"title", "issuer", "place_name", "issue_date"}


def report_changed(*, report: Any, sections: dict[str, str], header: dict[str, Any] | None = None) -> bool:
    """Whether the posted texts differ from the stored version (refused as report_update refuses)."""
    changed_header, changed_sections = _checked_edits(report, sections, header or {})
    return bool(changed_header or changed_sections)


@transaction.atomic
def report_update(
    *, actor: Any, report: Any, sections: dict[str, str], header: dict[str, Any] | None = None
) -> Any:
    """Save edits. Editing an issued (locked) report starts its next version; the issued one stays.
    Nothing changed: the same version, untouched. Bad text is refused before anything is written."""
    from ..models import DraftReport

    if not can(actor, "reporting.draft_report", report.place):
        raise Forbidden(_("You may not write this committee's report."))
    report = DraftReport.objects.select_for_update().get(pk=report.pk)
    changed_header, changed_sections = _checked_edits(report, sections, header or {})
    if not changed_header and not changed_sections:
        return report
    if report.locked:
        report = _copy_as_new_version(report, actor)
    for name, value in changed_header.items():
        setattr(report, name, value)
    if changed_header:
        report.save(update_fields=list(changed_header))
    for s in report.sections.all():
        if s.key in changed_sections:
            s.text = changed_sections[s.key]
            s.edited = True
            s.save(update_fields=["text", "edited"])
    audit(
        actor=actor,
        action="reporting.report_update",
        obj=report,
        after={"sections": sorted(changed_sections), "header": sorted(changed_header)},
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

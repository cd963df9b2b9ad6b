"""Writes of reporting: catalogue definitions, report-form submissions and their workflow, drafted
reports. Every function is the one use case that views, the API, tasks and the demo share."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Place

from . import permissions
from .catalogue import get_indicator
from .models import DataElement, FormAssignment, IndicatorDefinition, ReportedValue, ReportForm, Submission
from .periods import Period
from .registry import VALUE_RULES

# --- catalogue ------------------------------------------------------------------------------------


def _validated(obj: Any) -> None:
    try:
        obj.full_clean()
    except ValidationError as e:
        messages = (
            [m for ms in e.message_dict.values() for m in ms] if hasattr(e, "message_dict") else e.messages
        )
        raise DomainError(
            " ".join(str(m) for m in messages),
            code="invalid_definition",
            detail=getattr(e, "message_dict", None),
        ) from e


@transaction.atomic
def data_element_save(*, actor: Any, element: DataElement) -> DataElement:
    """Create or change a data element; a changed element gets the next version."""
    if element.pk:
        before = DataElement.objects.get(pk=element.pk)
        element.version = before.version + 1
    _validated(element)
    element.save()
    audit(actor=actor, action="reporting.data_element_save", obj=element, after=snapshot(element))
    return element


@transaction.atomic
def indicator_define(
    *,
    actor: Any,
    code: str,
    name: str,
    section: str,
    formula: str = "ratio",
    numerator: str = "",
    denominator: str = "",
    terms: str = "",
    name_en: str = "",
    definition: str = "",
    public: bool = False,
    valid_from: dt.date | None = None,
) -> IndicatorDefinition:
    """A new version of a database-defined indicator; refused if it names an unknown indicator."""
    last = IndicatorDefinition.objects.filter(code=code).order_by("-version").first()
    d = IndicatorDefinition(
        code=code,
        version=(last.version + 1) if last else 1,
        name=name,
        name_en=name_en,
        section=section,
        formula=formula,
        numerator=numerator,
        denominator=denominator,
        terms=terms,
        definition=definition,
        public=public,
        valid_from=valid_from,
    )
    _validated(d)
    d.save()
    audit(actor=actor, action="reporting.indicator_define", obj=d, after=snapshot(d))
    return d


# --- submissions ----------------------------------------------------------------------------------


def assignment_for(form: ReportForm, place: Place) -> FormAssignment | None:
    """The assignment under which `place` reports `form` (explicit units first)."""
    for a in (
        FormAssignment.objects.filter(form=form, level=place.level)
        .select_related("scope")
        .prefetch_related("units")
    ):
        explicit = list(a.units.all())
        if (explicit and place in explicit) or (not explicit and place.path.startswith(a.scope.path)):
            return a
    return None


@transaction.atomic
def submission_open(*, form: ReportForm, place: Place, period: Period) -> Submission:
    """The submission of `place` for `period`, created as a draft on first use."""
    if period.type != form.period_type:
        raise DomainError(_("This form is reported by %(type)s.") % {"type": form.get_period_type_display()})
    if assignment_for(form, place) is None:
        raise DomainError(_("This form is not assigned to %(place)s.") % {"place": place.name})
    sub, _created = Submission.objects.get_or_create(
        form=form,
        place=place,
        period_start=period.start,
        period_end=period.end,
        defaults={"period_type": period.type, "due_date": period.due_date(form.due_days)},
    )
    return sub


def _parse_number(raw: str) -> Decimal | None:
    text = (raw or "").strip().replace(" ", "")
    if not text:
        return None
    # Vietnamese writes 52.620 for fifty-two thousand and 2,5 for two and a half.
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") >= 1 and all(len(part) == 3 for part in text.split(".")[1:]):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if value < 0:
        raise ValueError(text)
    return value


def check_rules(submission: Submission, values: dict[str, Decimal | None]) -> dict[str, str]:
    """Messages of the rules the values break, keyed by the value the rule refuses (its left side)."""
    errors: dict[str, str] = {}
    for r in submission.form.rules.all():
        left, right = values.get(r.left), values.get(r.right)
        if left is None or right is None:
            continue
        if not r.holds(float(left), float(right)):
            errors[r.left] = _("Rule “%(rule)s” is broken: %(left)s %(op)s %(right)s does not hold.") % {
                "rule": r.name,
                "left": left.normalize(),
                "op": r.get_operator_display(),
                "right": right.normalize(),
            }
    for code, value in values.items():
        if value is None or code in errors:
            continue
        for value_rule in VALUE_RULES.get(code, ()):
            message = value_rule(submission.period_end, value)
            if message:
                errors[code] = message
                break
    return errors


@transaction.atomic
def submission_save(*, actor: Any, submission: Submission, raw: dict[str, str]) -> dict[str, str]:
    """Save the typed values. A value that is not a number or breaks a rule is refused with the
    rule's message; the other values are kept. Returns {code: message} for the refused ones."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not permissions.can_enter(actor, submission):
        raise Forbidden(_("You may not enter this unit's figures."))
    if submission.locked:
        raise Conflict(_("This form has been submitted or approved and is locked."))
    codes = list(submission.form.elements.values_list("code", flat=True))
    stored = {v.code: v.value for v in submission.values.filter(breakdown="")}
    errors: dict[str, str] = {}
    parsed: dict[str, Decimal | None] = {}
    for code in codes:
        if code not in raw:
            continue
        try:
            parsed[code] = _parse_number(raw[code])
        except ValueError:
            errors[code] = _("“%(value)s” is not a number of zero or more.") % {"value": raw[code]}
    candidate = {**stored, **parsed}
    for code, msg in check_rules(submission, candidate).items():
        if code in parsed:
            errors.setdefault(code, msg)
    for code, value in parsed.items():
        if code in errors:
            continue
        ReportedValue.objects.update_or_create(
            submission=submission, code=code, breakdown="", defaults={"value": value}
        )
    submission.save(update_fields=["updated_at"])  # the page tells the browser's draft it is saved
    audit(
        actor=actor,
        action="reporting.submission_save",
        obj=submission,
        after={"values": {c: str(v) for c, v in parsed.items() if c not in errors}, "refused": list(errors)},
    )
    return errors


def _flags(submission: Submission) -> list[dict[str, Any]]:
    """Reported figures below what danchu's own records show, for the approver."""
    flags = []
    values = {v.code: v.value for v in submission.values.filter(breakdown="")}
    ids: set[int] | None = None
    for code, value in values.items():
        ind = get_indicator(code)
        if ind is None or not ind.at_least_computed or value is None:
            continue
        comp = get_indicator(ind.at_least_computed)
        if comp is None or comp.compute is None:
            continue
        if ids is None:
            ids = set(Place.objects.within(submission.place).values_list("id", flat=True))
        recorded = sum(
            float(v)
            for pid, b, v in comp.compute(start=submission.period_start, end=submission.period_end)
            if pid in ids and not b
        )
        if float(value) < recorded:
            flags.append(
                {"code": code, "reported": float(value), "computed": recorded, "indicator": comp.code}
            )
    return flags


@transaction.atomic
def submission_submit(*, actor: Any, submission: Submission) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not permissions.can_enter(actor, submission):
        raise Forbidden(_("You may not submit this unit's figures."))
    if submission.locked:
        raise Conflict(_("This form has been submitted or approved and is locked."))
    values = {v.code: v.value for v in submission.values.filter(breakdown="")}
    missing = [e.code for e in submission.form.elements.filter(required=True) if values.get(e.code) is None]
    if missing:
        names = ", ".join(str(getattr(get_indicator(c), "name", c)) for c in missing)
        raise DomainError(
            _("Fill in the required values first: %(names)s") % {"names": names}, detail=missing
        )
    broken = check_rules(submission, values)
    if broken:
        raise DomainError(" ".join(broken.values()), detail=broken)
    before = snapshot(submission, ["status"])
    submission.status = Submission.Status.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.submitted_by = actor
    submission.flags = _flags(submission)
    submission.save(update_fields=["status", "submitted_at", "submitted_by", "flags"])
    audit(
        actor=actor,
        action="reporting.submission_submit",
        obj=submission,
        before=before,
        after=snapshot(submission, ["status", "flags"]),
    )
    _refresh_later(submission)
    return submission


@transaction.atomic
def submission_decide(*, actor: Any, submission: Submission, approve: bool, comment: str = "") -> Submission:
    """Approve (locks it) or return with a comment (the unit edits and submits again)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not permissions.can_approve(actor, submission):
        raise Forbidden(_("You may not approve this unit's figures."))
    if submission.status != Submission.Status.SUBMITTED:
        raise Conflict(_("Only a submitted form can be approved or returned."))
    if not approve and not comment.strip():
        raise DomainError(_("Say why the form is returned."))
    before = snapshot(submission, ["status"])
    submission.status = Submission.Status.APPROVED if approve else Submission.Status.RETURNED
    submission.decided_at = timezone.now()
    submission.decided_by = actor
    submission.comment = comment.strip()
    submission.save(update_fields=["status", "decided_at", "decided_by", "comment"])
    audit(
        actor=actor,
        action="reporting.submission_approve" if approve else "reporting.submission_return",
        obj=submission,
        before=before,
        after=snapshot(submission, ["status", "comment"]),
    )
    _refresh_later(submission)
    return submission


def _refresh_later(submission: Submission) -> None:
    from .tasks import refresh_submission_task

    transaction.on_commit(lambda: refresh_submission_task(submission.pk))


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


@transaction.atomic
def report_draft(*, actor: Any, place: Place, period: Period, committee: Any = None) -> Any:
    """Draft the committee's report for `place` and `period` from the roll-ups, sentence by sentence."""
    from django.utils import translation

    from .models import DraftReport, DraftSection, DraftSentence
    from .sections import build_context, draft

    if not permissions.can_draft_report(actor, place):
        raise Forbidden(_("You may not write this committee's report."))
    with translation.override("vi"):
        committee_name = committee.name if committee else _("Steering committee for grassroots democracy")
        ctx = build_context(place=place, period=period, committee_name=committee_name)
        report = DraftReport.objects.create(
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
        for order, (section, sentences) in enumerate(draft(ctx)):
            ds = DraftSection.objects.create(
                report=report,
                key=section.key,
                heading=str(section.heading),
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
    from .models import DraftReport, DraftSentence

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
    from .models import DraftReport

    if not permissions.can_draft_report(actor, report.place):
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
    from .models import DraftReport

    if not permissions.can_draft_report(actor, report.place):
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

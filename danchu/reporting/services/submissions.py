"""Report-form submissions: open, save (with validation rules), submit, approve or return."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.access import can
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.formats import read_number
from danchu.core.i18n import later
from danchu.core.text import checked_text, quoted
from danchu.places.models import Place

from ..catalogue import get_indicator
from ..models import FormAssignment, ReportedValue, ReportForm, Submission, ValidationRule
from ..periods import Period
from ..registry import VALUE_RULES

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


def _existed_during(place: Place, period: Period) -> bool:
    """A unit reports for a period when it is in the register on the period's last day, as the
    denominators count it: a commune merged on 1 July 2025 reports its first two quarters but not the
    year 2025 (its successor does), and a commune created on 1 July 2025 reports nothing for 2024."""
    return (place.valid_from is None or place.valid_from <= period.end) and (
        place.valid_to is None or period.end <= place.valid_to
    )


def validity_text(place: Place) -> str:
    """ "from 01/07/2025", "until 30/06/2025", "from 01/01/2020 to 30/06/2025"."""
    start = place.valid_from.strftime("%d/%m/%Y") if place.valid_from else ""
    end = place.valid_to.strftime("%d/%m/%Y") if place.valid_to else ""
    if start and end:
        return _("from %(start)s to %(end)s") % {"start": start, "end": end}
    if end:
        return _("until %(end)s") % {"end": end}
    return _("from %(start)s") % {"start": start}


@transaction.atomic
def submission_open(*, form: ReportForm, place: Place, period: Period) -> Submission:
    """The submission of `place` for `period`, created as a draft on first use (a write: saving,
    submitting; reading the entry page uses submission_peek, which creates nothing)."""
    sub = submission_peek(form=form, place=place, period=period)
    if sub.pk is None:
        sub, _created = Submission.objects.get_or_create(
            form=form,
            place=place,
            period_start=period.start,
            period_end=period.end,
            defaults={"period_type": period.type, "due_date": sub.due_date},
        )
    return sub


def submission_peek(*, form: ReportForm, place: Place, period: Period) -> Submission:
    """The submission of `place` for `period` as it stands, or an unsaved draft when nobody has
    typed into it yet: opening the entry page must not create a draft (a GET writes nothing).
    Refused as submission_open refuses: another period type, a unit that did not exist, a form
    not assigned to it."""
    if period.type != form.period_type:
        raise DomainError(_("This form is reported by %(type)s.") % {"type": form.get_period_type_display()})
    if not _existed_during(place, period):
        raise DomainError(
            _("%(place)s did not exist during %(period)s: it existed %(validity)s.")
            % {"place": place.name, "period": period.name("vi"), "validity": validity_text(place)},
            detail={
                "valid_from": place.valid_from.isoformat() if place.valid_from else None,
                "valid_to": place.valid_to.isoformat() if place.valid_to else None,
            },
        )
    if assignment_for(form, place) is None:
        raise DomainError(_("This form is not assigned to %(place)s.") % {"place": place.name})
    found = Submission.objects.filter(
        form=form, place=place, period_start=period.start, period_end=period.end
    ).first()
    return found or Submission(
        form=form,
        place=place,
        period_start=period.start,
        period_end=period.end,
        period_type=period.type,
        due_date=period.due_date(form.due_days),
    )


# A return's comment is read in a notification and on the entry page: a few sentences.
COMMENT_LIMIT = 2000

# A figure is stored as DecimalField(max_digits=18, decimal_places=2): 16 digits before the point.
_MAX_WHOLE_DIGITS = 16


def _parse_number(raw: str) -> Decimal | None:
    """A typed figure, or ValueError with the message to show: not a plain number of zero or more
    ("NaN", "Infinity", "1e30" and "-5" are not), too large to store, or more than two decimals
    (never rounded or cut silently)."""
    shown = quoted(raw or "")
    text = (raw or "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    # Vietnamese writes 52.620 for fifty-two thousand and 2,5 for two and a half.
    try:
        number = read_number(text)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a number of zero or more.") % {"value": shown}) from None
    whole, _sep, decimals = format(number, "f").partition(".")
    if len(whole.lstrip("0")) > _MAX_WHOLE_DIGITS:
        raise ValueError(_("“%(value)s” is too large for a figure.") % {"value": shown})
    if len(decimals.rstrip("0")) > 2:
        raise ValueError(_("“%(value)s” has more than two decimal places.") % {"value": shown})
    return number


def check_rules(
    submission: Submission,
    values: dict[str, Decimal | None],
    *,
    rules: list[ValidationRule] | None = None,
    answers: dict[tuple[Any, ...], str] | None = None,
) -> dict[str, str]:
    """Messages of the rules the values break, keyed by the value the rule refuses (its left side).
    Checking many rows (history.history_check): `rules`, the form's rules read once, and `answers`,
    where the value rules' answers are kept by (rule, period's end, value) — a value rule reads the
    database (the criteria set in force), so a file of 20,000 rows asked it 40,000 times."""
    errors: dict[str, str] = {}
    for r in submission.form.rules.all() if rules is None else rules:
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
            if answers is None:
                message = value_rule(submission.period_end, value)
            else:
                key = (value_rule, submission.period_end, str(value))
                if key not in answers:
                    answers[key] = value_rule(submission.period_end, value)
                message = answers[key]
            if message:
                errors[code] = message
                break
    return errors


@transaction.atomic
def submission_save(*, actor: Any, submission: Submission, raw: dict[str, str]) -> dict[str, str]:
    """Save the typed values. A value that is not a number or breaks a rule is refused with the
    rule's message; the other values are kept. Returns {code: message} for the refused ones."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not can(actor, "reporting.enter", submission):
        raise Forbidden(_("You may not enter this unit's figures."))
    _refuse_if_accepted_above(submission)
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
        except ValueError as e:
            errors[code] = str(e)
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
    if not can(actor, "reporting.enter", submission):
        raise Forbidden(_("You may not submit this unit's figures."))
    _refuse_if_accepted_above(submission)
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
    if not can(actor, "reporting.approve", submission):
        raise Forbidden(_("You may not approve this unit's figures."))
    _refuse_if_accepted_above(submission)
    if submission.status != Submission.Status.SUBMITTED:
        raise Conflict(_("Only a submitted form can be approved or returned."))
    # Checked before anything changes: PostgreSQL refuses a NUL byte with a 500.
    comment = checked_text(comment, label=_("The comment"), limit=COMMENT_LIMIT)
    if not approve and not comment:
        raise DomainError(_("Say why the form is returned."))
    before = snapshot(submission, ["status"])
    submission.status = Submission.Status.APPROVED if approve else Submission.Status.RETURNED
    submission.decided_at = timezone.now()
    submission.decided_by = actor
    submission.comment = comment
    submission.save(update_fields=["status", "decided_at", "decided_by", "comment"])
    audit(
        actor=actor,
        action="reporting.submission_approve" if approve else "reporting.submission_return",
        obj=submission,
        before=before,
        after=snapshot(submission, ["status", "comment"]),
    )
    if not approve:
        _notify_return(submission)
    _refresh_later(submission)
    return submission


def _refuse_if_accepted_above(submission: Submission) -> None:
    """An accepted form is locked. A unit that had not reported when the level above accepted still
    reports (it would otherwise be locked out for good); the level above accepts it when approved."""
    from .signing import accepted_above

    if submission.status != Submission.Status.ACCEPTED:
        return
    acc = accepted_above(submission)
    if acc is not None:
        raise Conflict(
            _("%(place)s accepted the data for this period on %(day)s: it is locked.")
            % {"place": acc.place.name, "day": timezone.localtime(acc.accepted_at).strftime("%d/%m/%Y")}
        )


def _notify_return(submission: Submission) -> None:
    """The unit's staff learn that their figures came back, and why."""
    from danchu.accounts.notify import notify

    from ..completeness import _recipients

    # Read by each in their own language (the period's name as well: Period.__str__).
    subject = later(
        lambda: (
            _("Report “%(form)s” for %(period)s was returned")
            % {"form": submission.form.name, "period": str(submission.period)}
        )
    )
    body = later(
        lambda: (
            _("%(place)s: the report was returned with this comment: %(comment)s")
            % {"place": submission.place.name, "comment": submission.comment}
        )
    )
    for person in _recipients(submission.place):
        notify(person, subject=subject, body=body)


def _refresh_later(submission: Submission) -> None:
    from ..tasks import refresh_submission_task

    transaction.on_commit(lambda: refresh_submission_task(submission.pk))

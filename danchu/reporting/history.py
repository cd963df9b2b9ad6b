"""Figures of the years before danchu, imported from a spreadsheet by unit code — the old (pre-1
July 2025) codes included — so that a 2021 report of a former district can be drafted again.

The file (XLSX or CSV, first sheet): a header row with "Mã đơn vị" (unit code), "Kỳ báo cáo" (the
period: "2021", "6 tháng đầu năm 2021", "quý I năm 2022"…), then one column per figure of the form,
headed by the figure's code or its Vietnamese name. Every row is checked first (`history_check`,
what the office page previews): an unknown code, a unit that did not exist on the period's last
day, a period in the future or of the wrong type, a value that is not a number, a part greater than
its whole. `history_import` imports nothing when a row is bad (every error with its line number),
or, with `skip_bad`, the good rows only. Imported figures count as approved."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.text import quoted
from danchu.places.importing.reading import Row, RowError, _header_key, nothing_imported, read_checked
from danchu.places.models import Place
from danchu.places.queries import UnitsByCode

from . import permissions
from .catalogue import get_indicator
from .models import HistoryUpload, ReportedValue, ReportForm, Submission, ValidationRule
from .periods import Period, parse
from .services.submissions import _existed_during, _parse_number, check_rules, validity_text

CODE = "ma_don_vi"
PERIOD = "ky_bao_cao"
ALIASES = {
    "ma": CODE,
    "ma_dvhc": CODE,
    "ma_xa": CODE,
    "ma_huyen": CODE,
    "code": CODE,
    "unit_code": CODE,
    "ky": PERIOD,
    "nam": PERIOD,
    "period": PERIOD,
}
MAX_ROWS = 20000


def _key(text: str) -> str:
    """A header as `read_table` keys it (folded, words joined by "_", hints in brackets read past):
    the same function, so a figure's name with a bracket ("Số buổi tiếp công dân (báo cáo)") is the
    column that names it."""
    return _header_key(text, ALIASES)


@dataclass
class HistoryRow:
    line: int
    place: Place
    period: Period
    values: dict[str, Decimal | None]

    @property
    def labelled(self) -> list[tuple[str, Decimal | None]]:
        """(the figure's name, its value) for the preview."""
        out = []
        for code, value in self.values.items():
            ind = get_indicator(code)
            out.append((str(ind.name) if ind is not None else code, value))
        return out


@dataclass
class HistoryCheck:
    """What a file would import: the good rows, every bad row's error by line, the figures' columns."""

    rows: list[HistoryRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # indicator codes, in the file's order

    @property
    def messages(self) -> list[str]:
        return [str(e) for e in self.errors]


def _columns(form: ReportForm, headers: dict[str, str]) -> dict[str, str]:
    """Header key -> indicator code for every figure column of `headers` (key -> the header as
    written); refuses a column that is no figure of the form, named as the file writes it (a typo
    would otherwise silently drop a column)."""
    by_key: dict[str, str] = {}
    for code in form.elements.values_list("code", flat=True):
        by_key[_key(code)] = code
        ind = get_indicator(code)
        if ind is not None:
            by_key[_key(str(ind.name))] = code
            for former in ind.extra.get("formerly", ()):  # a file made before a code moved to its module
                by_key.setdefault(_key(former), code)
    columns, unknown = {}, []
    for header, label in headers.items():
        if header in ("", CODE, PERIOD):
            continue
        if header in by_key:
            columns[header] = by_key[header]
        else:
            unknown.append(f"“{label}”")
    if unknown:
        raise DomainError(
            _("These columns are not figures of the form “%(form)s”: %(columns)s.")
            % {"form": form.name, "columns": quoted(", ".join(unknown), 300)}
        )
    return columns


@dataclass
class Rules:
    """What checks the rows, read once for the file: the form's rules, and the value rules' answers
    (check_rules()); row by row, they took three statements a row."""

    form: list[ValidationRule]
    answers: dict[tuple[Any, ...], str] = field(default_factory=dict)


def _check_row(
    form: ReportForm, row: Row, units: UnitsByCode, columns: dict[str, str], today: dt.date, rules: Rules
) -> HistoryRow:
    row.readable()
    code = row.get(CODE)
    try:
        period = parse(row.get(PERIOD))
    except DomainError:
        raise DomainError(_("“%(text)s” is not a period.") % {"text": row.get(PERIOD)[:40]}) from None
    try:  # the code as the register wrote it: "24496" in 2021 is the commune before 1 July 2025
        place = units.during(code, period.end, period.end)  # a unit reports for the period it ended
    except NotFound:
        raise DomainError(_("no unit has the code “%(code)s”.") % {"code": code[:40]}) from None
    if period.type != form.period_type:
        raise DomainError(_("this form is reported by %(type)s.") % {"type": form.get_period_type_display()})
    if period.end >= today:
        raise DomainError(_("%(period)s has not ended yet.") % {"period": period.name("vi")})
    if not _existed_during(place, period):
        raise DomainError(
            _("%(place)s did not exist at the end of %(period)s: it existed %(validity)s.")
            % {"place": place.name, "period": period.name("vi"), "validity": validity_text(place)}
        )
    values: dict[str, Decimal | None] = {}
    for header, ind_code in columns.items():
        raw = row.get(header)
        try:
            values[ind_code] = _parse_number(raw)
        except ValueError as e:
            raise DomainError(str(e)) from None
    probe = Submission(form=form, place=place, period_start=period.start, period_end=period.end)
    broken = list(check_rules(probe, values, rules=rules.form, answers=rules.answers).values())
    if broken:
        raise DomainError(" ".join(broken))
    if not any(v is not None for v in values.values()):
        raise DomainError(_("the row has no figure."))
    return HistoryRow(row.line, place, period, values)


def history_check(
    *, form: ReportForm, file: IO[bytes], filename: str = "history.xlsx", today: dt.date | None = None
) -> HistoryCheck:
    """Read and check every row; a file that cannot be read at all (not XLSX/CSV, empty, too many
    rows, without the unit or period column, a column that is no figure of the form) raises."""
    today = today or timezone.localdate()
    rows = read_checked(file, filename, ALIASES, required=(CODE, PERIOD), max_rows=MAX_ROWS)
    columns = _columns(form, rows[0].labels)
    result = HistoryCheck(columns=list(dict.fromkeys(columns.values())))
    units = UnitsByCode(r.get(CODE) for r in rows)
    rules = Rules(list(form.rules.all()))
    seen: dict[tuple[int, str], int] = {}
    for row in rows:
        try:
            checked = _check_row(form, row, units, columns, today, rules)
        except DomainError as e:
            result.errors.append(RowError(row.line, e.message))
            continue
        key = (checked.place.pk, checked.period.code)
        if key in seen:
            result.errors.append(
                RowError(
                    row.line,
                    _("%(place)s, %(period)s is already on line %(first)s.")
                    % {"place": checked.place.name, "period": checked.period.name("vi"), "first": seen[key]},
                )
            )
            continue
        seen[key] = row.line
        result.rows.append(checked)
    return result


def can_import(actor: Any) -> bool:
    return permissions.can_import_history(actor)


def history_import(
    *,
    actor: Any,
    form: ReportForm,
    file: IO[bytes],
    filename: str = "history.xlsx",
    today: dt.date | None = None,
    skip_bad: bool = False,
) -> int:
    """Import the historical figures of `form`: all rows or none (a DomainError lists every bad row by
    its line), or with `skip_bad` the good rows only. Returns how many unit-periods were imported (an
    existing submission of the same unit and period is replaced). `actor` None is the system (the
    `import_history` command, run by whoever runs the server)."""
    if actor is not None and not can_import(actor):
        raise Forbidden(_("You may not import historical figures."))
    checked = history_check(form=form, file=file, filename=filename, today=today)
    if checked.errors and not skip_bad:
        raise nothing_imported(checked.messages, shown=20)
    return _store(actor, form, checked.rows, skipped=len(checked.errors))


@transaction.atomic
def _store(actor: Any, form: ReportForm, good: list[HistoryRow], skipped: int = 0) -> int:
    """Write the checked rows in batches: each unit-period's submission created or replaced (as
    approved, with the import's comment), its values replaced, the roll-ups refreshed once for all
    (rollup_many). One by one this took about 20 statements a row: 20,000 rows ran for 15 minutes on
    PostgreSQL, past a web worker's 30 s; now a few seconds (docs/reporting.md)."""
    from .rollup_many import refresh_submissions

    # One import of a form at a time: another one would create the same unit-periods meanwhile (NO KEY:
    # the submissions' references to the form are not held up).
    ReportForm.objects.select_for_update(no_key=True).filter(pk=form.pk).exists()
    now = timezone.now()
    approved = {
        "status": Submission.Status.APPROVED,
        "submitted_at": now,
        "submitted_by": actor,
        "decided_at": now,
        "decided_by": actor,
        "comment": _("Imported historical figures."),
    }
    existing = _existing(form, good)
    subs = [
        Submission(
            pk=existing.get((row.place.pk, row.period.start, row.period.end)),
            form_id=form.pk,
            place_id=row.place.pk,
            period_start=row.period.start,
            period_end=row.period.end,
            period_type=row.period.type,
            due_date=row.period.due_date(form.due_days),
            updated_at=now,
            **approved,
        )
        for row in good
    ]
    # A unit-period imported again: what the import sets, the same for every row of a period (the rest
    # — acceptance, flags — is kept, as update_or_create() kept it); its values replaced.
    replaced: dict[Period, list[int]] = defaultdict(list)
    for s, row in zip(subs, good, strict=True):
        if s.pk is not None:
            replaced[row.period].append(s.pk)
    Submission.objects.bulk_create([s for s in subs if s.pk is None], batch_size=500)
    for period, ids in replaced.items():
        for start in range(0, len(ids), 2000):
            chunk = ids[start : start + 2000]
            Submission.objects.filter(pk__in=chunk).update(
                period_type=period.type, due_date=period.due_date(form.due_days), updated_at=now, **approved
            )
            ReportedValue.objects.filter(submission_id__in=chunk).delete()
    ReportedValue.objects.bulk_create(
        [
            ReportedValue(submission=s, code=code, value=value)
            for s, row in zip(subs, good, strict=True)
            for code, value in row.values.items()
            if value is not None
        ],
        batch_size=1000,
    )
    refresh_submissions(form, subs)
    audit(
        actor=actor,
        action="reporting.history_import",
        obj=form,
        after={
            "rows": len(good),
            "skipped": skipped,
            "places": sorted({r.place.code for r in good})[:200],
        },
    )
    return len(good)


def _existing(form: ReportForm, good: list[HistoryRow]) -> dict[tuple[int, dt.date, dt.date], int]:
    """(place id, period start, period end) -> the id of `form`'s submission, for the rows' unit-periods
    that have one, locked until the import commits; read by 500 places."""
    places = sorted({r.place.pk for r in good})
    starts = {r.period.start for r in good}
    found: dict[tuple[int, dt.date, dt.date], int] = {}
    for start in range(0, len(places), 500):
        found.update(
            ((place, begin, end), pk)
            for pk, place, begin, end in Submission.objects.select_for_update()
            .filter(form=form, place_id__in=places[start : start + 500], period_start__in=starts)
            .order_by()
            .values_list("pk", "place_id", "period_start", "period_end")
        )
    return found


# --- The office page: upload, preview, confirm ------------------------------------------------------

MAX_BYTES = 5 * 1024 * 1024
STAGE_HOURS = 24


def history_stage(
    *, actor: Any, form: ReportForm, data: bytes, filename: str
) -> tuple[HistoryUpload, HistoryCheck]:
    """Keep an uploaded file for its preview: what it would import and every bad row. Refused (and
    nothing kept) when the file cannot be read at all."""
    import io

    if not can_import(actor):
        raise Forbidden(_("You may not import historical figures."))
    if len(data) > MAX_BYTES:
        raise DomainError(_("The file is larger than %(n)s MB.") % {"n": MAX_BYTES // (1024 * 1024)})
    filename = clean_name(filename)
    checked = history_check(form=form, file=io.BytesIO(data), filename=filename)
    cutoff = timezone.now() - dt.timedelta(hours=STAGE_HOURS)
    HistoryUpload.objects.filter(uploaded_at__lt=cutoff).delete()
    upload = HistoryUpload.objects.create(form=form, filename=filename, data=data, uploaded_by=actor)
    return upload, checked


def staged_for(actor: Any, pk: Any) -> HistoryUpload:
    """The person's own staged file (another person's, or one already imported, is not found)."""
    try:
        return HistoryUpload.objects.select_related("form").get(pk=int(str(pk)), uploaded_by=actor)
    except (ValueError, HistoryUpload.DoesNotExist):
        raise Http404(_("This file is no longer waiting to be imported: upload it again.")) from None


def history_confirm(*, actor: Any, upload: HistoryUpload, skip_bad: bool = False) -> int:
    """Import a previewed file (checked again: the register may have changed since) and forget it."""
    import io

    with transaction.atomic():
        count = history_import(
            actor=actor,
            form=upload.form,
            file=io.BytesIO(bytes(upload.data)),
            filename=upload.filename,
            skip_bad=skip_bad,
        )
        upload.delete()
    return count


def clean_name(name: str) -> str:
    """A file name as it may be stored and shown: no control characters, at most 200 characters,
    keeping its extension (which decides how it is read)."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", name or "").strip() or "history.xlsx"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:190] + dot + ext[:8]) if dot else name[:200]
    return name

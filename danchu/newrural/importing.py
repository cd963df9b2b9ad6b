"""The XLSX (or CSV) import of a year's new-rural records by unit code, old or new. Columns
(docs/newrural.md): ma_don_vi, nam, so_tieu_chi_dat, muc_cong_nhan, so_quyet_dinh, ngay_quyet_dinh,
co_quan_ban_hanh. Every bad row is reported with its line number; nothing is imported when one is.

Each row is checked in memory by the rules of assessment_record() and recognition_record()
(checks.py), against what the file's units hold, read once for the file, and what its earlier rows
recorded; then the good rows are written together, with the same audit entries as one by one. One by
one, a row took 5 statements and 2 for its savepoint: 20,000 rows took 135 s on PostgreSQL, far past
a web worker's 30 s; checked in memory and written in batches they take 8 s (2026-12-04)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core.audit import audit, audit_many
from danchu.core.bulk import update_rows
from danchu.core.errors import Conflict, DomainError
from danchu.core.formats import cell_date
from danchu.core.text import fold, quoted
from danchu.places.importing import samples
from danchu.places.importing.reading import Row, check_rows, column_names, read_checked, unread_columns
from danchu.places.models import Level
from danchu.places.queries import UnitsByCode

from .checks import (
    assessment_audit,
    assessment_checked,
    check_year,
    recognition_audit,
    recognition_checked,
)
from .models import Assessment, CriteriaSet, Recognition, RuralLevel
from .permissions import can_assess, can_recognise
from .queries import criteria_ids, set_in_force

MAX_ROWS = 20_000
ALIASES = {
    "ma": "ma_don_vi",
    "ma_xa": "ma_don_vi",
    "ma_dvhc": "ma_don_vi",
    "ma_huyen": "ma_don_vi",
    "code": "ma_don_vi",
    "year": "nam",
    "so_tieu_chi": "so_tieu_chi_dat",
    "tieu_chi_dat": "so_tieu_chi_dat",
    "criteria_met": "so_tieu_chi_dat",
    "muc": "muc_cong_nhan",
    "cong_nhan": "muc_cong_nhan",
    "level": "muc_cong_nhan",
    "quyet_dinh": "so_quyet_dinh",
    "ngay": "ngay_quyet_dinh",
    "ngay_cong_nhan": "ngay_quyet_dinh",
    "co_quan": "co_quan_ban_hanh",
    "noi_ban_hanh": "co_quan_ban_hanh",
}
REQUIRED = ("ma_don_vi", "nam")
# The sample's columns (samples.workbook): the header as the import reads it, how to fill it, an example.
SAMPLE_COLUMNS = (
    (
        "Mã đơn vị",
        gettext_lazy("The commune's or district's code, current or before 1 July 2025; required."),
        "24496",
    ),
    ("Năm", gettext_lazy("The year of the record, not in the future; required."), "2025"),
    (
        "Số tiêu chí đạt",
        gettext_lazy("Criteria met that year; at most the criteria of the set in force."),
        "19",
    ),
    (
        "Mức công nhận",
        gettext_lazy("Empty, or: đạt chuẩn, nâng cao, kiểu mẫu, huyện."),
        "đạt chuẩn",
    ),
    ("Số quyết định", gettext_lazy("The decision's number; required with a level."), "1234/QĐ-UBND"),
    ("Ngày quyết định", gettext_lazy("dd/mm/yyyy, or a date cell; required with a level."), "15/12/2025"),
    (
        "Cơ quan ban hành",
        gettext_lazy("Who issued the decision; required with a level."),
        "UBND tỉnh Đắk Lắk",
    ),
)
# How the level is written in a province's sheet, folded (no diacritics, lower case).
LEVEL_WORDS = {
    "": "",
    "dat chuan": RuralLevel.STANDARD,
    "ntm": RuralLevel.STANDARD,
    "nong thon moi": RuralLevel.STANDARD,
    "standard": RuralLevel.STANDARD,
    "nang cao": RuralLevel.ADVANCED,
    "ntm nang cao": RuralLevel.ADVANCED,
    "advanced": RuralLevel.ADVANCED,
    "kieu mau": RuralLevel.MODEL,
    "ntm kieu mau": RuralLevel.MODEL,
    "model": RuralLevel.MODEL,
    "huyen": RuralLevel.DISTRICT,
    "cap huyen": RuralLevel.DISTRICT,
    "district": RuralLevel.DISTRICT,
}


CHUNK = 500  # ids per IN list and rows per INSERT (SQLite takes at most 999 parameters a statement)


@dataclass
class Imported:
    assessments: int = 0
    recognitions: int = 0
    unread_columns: list[str] = field(default_factory=list)  # headers naming no column of ALIASES
    skipped: list[str] = field(default_factory=list)  # "Line N: why", when asked to skip bad rows


def _int(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise DomainError(
            _("%(what)s must be a whole number, not “%(text)s”.") % {"what": what, "text": text[:40]}
        ) from None


def _date(value: Any) -> dt.date:
    try:
        day = cell_date(value)
    except ValueError:
        raise DomainError(
            _("the date of the decision “%(d)s” is not dd/mm/yyyy") % {"d": quoted(str(value))}
        ) from None
    if day is None:
        raise DomainError(_("the date of the decision is missing (dd/mm/yyyy)"))
    return day


@dataclass
class Line:
    """A good row: what it records and its audit entries, as one by one would have written them."""

    assessment: Assessment | None = None  # the commune's assessment of that year, as this row leaves it
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    recognition: Recognition | None = None


def _year(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


class Book:
    """What checking the rows reads, read once for the file: the units of its codes, the set in force
    each year and its criteria, the units' assessments of the file's years and their recognitions.
    Each good row is counted in them before the next is checked, as one by one: a recognition for the
    level above or for the same level again, an assessment corrected again."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.units = UnitsByCode(row.get("ma_don_vi") for row in rows)
        ids = sorted(self.units.ids())
        years = sorted({y for row in rows if (y := _year(row.get("nam"))) is not None and 0 < y < 10_000})
        self.assessments: dict[tuple[int, int, str], Assessment] = {}
        self.recognitions: dict[int, list[Recognition]] = {}
        for i in range(0, len(ids), CHUNK):
            part = ids[i : i + CHUNK]
            # Locked as update_or_create() locks the one it corrects: a correction made meanwhile
            # waits for the import, and the `before` audited here is what the import replaces.
            found = Assessment.objects.select_for_update().filter(commune_id__in=part, year__in=years)
            self.assessments.update(((a.commune_id, a.year, a.level), a) for a in found)
            for r in Recognition.objects.filter(place_id__in=part).order_by("pk"):
                self.recognitions.setdefault(r.place_id, []).append(r)
        self.touched: dict[tuple[int, int, str], Assessment] = {}
        self.set_of = functools.cache(set_in_force)
        self.criteria_of = functools.cache(self._criteria_of)

    @staticmethod
    def _criteria_of(criteria_set: CriteriaSet, level: str) -> Collection[int]:
        return frozenset(criteria_ids(criteria_set, level))

    def check(self, row: Row, *, by: Any) -> Line:
        year = _int(row.get("nam"), _("The year"))
        check_year(year)
        unit = self.units.during(row.get("ma_don_vi"), dt.date(year, 1, 1), dt.date(year, 12, 31))
        level_text = fold(row.get("muc_cong_nhan"))
        if level_text not in LEVEL_WORDS:
            raise DomainError(_("unknown level “%(text)s”") % {"text": row.get("muc_cong_nhan")[:40]})
        level = LEVEL_WORDS[level_text]
        met = row.get("so_tieu_chi_dat")
        if unit.level == Level.DISTRICT and (met or level not in ("", RuralLevel.DISTRICT)):
            raise DomainError(
                _("%(unit)s is a district-level unit: only its recognition is recorded.")
                % {"unit": unit.name}
            )
        line = Line()
        if met:
            if not can_assess(by, unit):
                raise DomainError(_("you do not manage %(unit)s") % {"unit": unit.name})
            line.assessment = assessment_checked(
                by=by,
                commune=unit,
                year=year,
                level=RuralLevel.STANDARD,
                met_count=_int(met, _("The number of criteria met")),
                criteria=None,
                note="",
                set_of=self.set_of,
                criteria_of=self.criteria_of,
            )
        if level:
            if not can_recognise(by, unit):
                raise DomainError(_("you do not recognise units in %(unit)s") % {"unit": unit.name})
            line.recognition = recognition_checked(
                by=by,
                place=unit,
                level=level,
                recognised_on=_date(row.values.get("ngay_quyet_dinh")),
                decision_number=row.get("so_quyet_dinh"),
                issuer=row.get("co_quan_ban_hanh"),
                recognitions=self.recognitions.get(unit.pk, []),
            )
        if not met and not level:
            raise DomainError(_("the row states neither criteria met nor a level recognised"))
        self._count(line)
        return line

    def _count(self, line: Line) -> None:
        """The good row's records in what the next rows are checked against."""
        if (checked := line.assessment) is not None:
            key = (checked.commune.pk, checked.year, checked.level)
            held = self.touched.get(key) or self.assessments.get(key)
            line.after = assessment_audit(checked)
            if held is not None:  # update_or_create() corrects it: the last row of the file wins
                line.before = {"met_count": held.met_count}
                held.criteria_set, held.met_count = checked.criteria_set, checked.met_count
                held.note, held.recorded_by = checked.note, checked.recorded_by
                line.assessment = checked = held
            self.touched[key] = checked
        if line.recognition is not None:
            self.recognitions.setdefault(line.recognition.place.pk, []).append(line.recognition)

    def save(self, lines: Sequence[Line], *, by: Any) -> Imported:
        """The checked rows written in batches, with their audit entries in the file's order."""
        touched = list(self.touched.values())
        corrected = [a for a in touched if a.pk is not None]
        recognitions = [line.recognition for line in lines if line.recognition is not None]
        try:
            Assessment.objects.bulk_create([a for a in touched if a.pk is None], batch_size=CHUNK)
            Recognition.objects.bulk_create(recognitions, batch_size=CHUNK)
        except IntegrityError:  # recorded by a concurrent request since the rows were checked
            raise Conflict(
                _("An assessment or a recognition of this file was recorded meanwhile: import again.")
            ) from None
        now = timezone.now()  # auto_now, which a bulk update does not set
        update_rows(
            Assessment,
            ["criteria_set", "met_count", "note", "recorded_by", "recorded_at"],
            [(a.pk, a.criteria_set_id, a.met_count, a.note, a.recorded_by_id, now) for a in corrected],
        )
        entries: list[dict[str, Any]] = []
        for line in lines:
            if line.assessment is not None:
                entries.append(
                    {
                        "actor": by,
                        "action": "newrural.assessment_recorded",
                        "obj": line.assessment,
                        "before": line.before,
                        "after": line.after,
                    }
                )
            if line.recognition is not None:
                entries.append(
                    {
                        "actor": by,
                        "action": "newrural.recognised",
                        "obj": line.recognition,
                        "after": recognition_audit(line.recognition),
                    }
                )
        audit_many(entries)
        return Imported(
            assessments=sum(line.assessment is not None for line in lines), recognitions=len(recognitions)
        )


def import_records(*, by: Any, file: IO[bytes], filename: str, skip_bad: bool = False) -> Imported:
    """Every row checked (a bad one reported by its line), then all written together; nothing when a
    row is bad, unless `skip_bad`: then the good rows, and the bad ones listed in `skipped`."""
    rows = read_checked(
        file,
        filename,
        ALIASES,
        required=REQUIRED,
        max_rows=MAX_ROWS,
        headers=column_names(SAMPLE_COLUMNS, ALIASES),
        known={*ALIASES.values(), *REQUIRED},
    )
    with transaction.atomic():
        book = Book(rows)
        unread = unread_columns(rows, {*ALIASES.values(), *REQUIRED})
        lines, skipped = check_rows(
            rows, lambda row: book.check(row, by=by), skip_bad=skip_bad, unread=unread
        )
        result = book.save(lines, by=by)
        result.unread_columns = unread
        result.skipped = skipped
        audit(
            actor=by,
            action="newrural.imported",
            object_type="newrural.import",
            object_id=filename[:100],
            after={
                "assessments": result.assessments,
                "recognitions": result.recognitions,
                "skipped": len(result.skipped),
            },
        )
    return result


def records_sample() -> bytes:
    """The import's sample workbook: its header, each column explained with an example on the guide
    sheet (no example row: one uploaded unchanged would record the example)."""
    return samples.workbook(SAMPLE_COLUMNS, widths=[14, 8, 16, 18, 18, 18, 24])

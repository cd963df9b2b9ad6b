"""Import of the one-stop systems' exports (CSV or XLSX): one row per unit and period. The accepted
columns and their aliases are documented in docs/adminreform.md. Every bad row is reported with its
line number; nothing is imported when one is. The rows are checked by services.FigureBook, the rules
of figure_record(), against units and figures read once, and written in batches."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core.audit import audit
from danchu.core.errors import DomainError, NotFound
from danchu.core.formats import read_count
from danchu.core.text import quoted
from danchu.places.importing.reading import Problems, Row, check_rows, read_checked, unread_columns
from danchu.places.models import Place
from danchu.places.queries import UnitsByCode

from . import services
from .models import Department, Figure, ServiceLevel
from .permissions import can_manage

MAX_ROWS = 20_000
ALIASES = {
    "ma": "ma_don_vi",
    "ma_dv": "ma_don_vi",
    "ma_co_quan": "ma_don_vi",
    "ma_xa": "ma_don_vi",
    "unit_code": "ma_don_vi",
    "tu": "tu_ngay",
    "from": "tu_ngay",
    "den": "den_ngay",
    "to": "den_ngay",
    "ky_truoc_chuyen_qua": "ky_truoc",
    "ky_truoc_chuyen_sang": "ky_truoc",
    "ton_ky_truoc": "ky_truoc",
    "tong_tiep_nhan": "tiep_nhan",
    "so_ho_so_tiep_nhan": "tiep_nhan",
    "received": "tiep_nhan",
    "truc_tuyen": "tiep_nhan_truc_tuyen",
    "tiep_nhan_truc_tuyen": "tiep_nhan_truc_tuyen",
    "truc_tiep": "tiep_nhan_truc_tiep",
    "da_giai_quyet": "da_giai_quyet",
    "tong_da_giai_quyet": "da_giai_quyet",
    "resolved": "da_giai_quyet",
    "giai_quyet_truoc_han": "truoc_han",
    "giai_quyet_dung_han": "dung_han",
    "dung_han_truoc_han": "dung_han_tong",
    "dung_han_va_truoc_han": "dung_han_tong",
    "giai_quyet_qua_han": "qua_han",
    "muc_do_3": "dvc_muc_3",
    "dvc_muc_do_3": "dvc_muc_3",
    "muc_do_4": "dvc_muc_4",
    "dvc_muc_do_4": "dvc_muc_4",
    "toan_trinh": "dvc_toan_trinh",
    "mot_phan": "dvc_mot_phan",
}
REQUIRED = ("ma_don_vi", "tu_ngay", "den_ngay")
# A column named in a message as the headers of the one-stop exports (and the import page) name it.
HEADERS = {
    "ma_don_vi": "Mã đơn vị",
    "tu_ngay": "Từ ngày",
    "den_ngay": "Đến ngày",
    "ky_truoc": "Kỳ trước chuyển qua",
    "tiep_nhan": "Tiếp nhận",
    "tiep_nhan_truc_tuyen": "Trực tuyến",
    "tiep_nhan_truc_tiep": "Trực tiếp",
    "da_giai_quyet": "Đã giải quyết",
    "truoc_han": "Trước hạn",
    "dung_han": "Đúng hạn",
    "qua_han": "Quá hạn",
    "dung_han_tong": "Đúng hạn và trước hạn",
    "dvc_muc_3": "Mức độ 3",
    "dvc_muc_4": "Mức độ 4",
    "dvc_toan_trinh": "Toàn trình",
    "dvc_mot_phan": "Một phần",
}
SERVICE_COLUMNS = {
    "dvc_muc_3": ServiceLevel.LEVEL_3,
    "dvc_muc_4": ServiceLevel.LEVEL_4,
    "dvc_toan_trinh": ServiceLevel.FULL,
    "dvc_mot_phan": ServiceLevel.PARTIAL,
}


# Named in a row's message only (translated then, not for every row).
_RECEIVED, _RESOLVED = gettext_lazy("received"), gettext_lazy("resolved")


@dataclass
class Imported:
    created: int = 0
    updated: int = 0
    unread_columns: list[str] = field(default_factory=list)  # headers naming no column of HEADERS
    skipped: list[str] = field(default_factory=list)  # "Line N: why", when asked to skip bad rows


def _int(row: Row, key: str, default: int | None = 0) -> int | None:
    value = row.values.get(key)
    if not row.get(key):
        return default
    try:
        return read_count(value)  # "1.234" is a thousand and more; "12.5" is refused, never 125
    except ValueError:
        raise DomainError(
            _("column %(column)s must be a whole number, not “%(text)s”")
            % {"column": HEADERS.get(key, key), "text": quoted(row.get(key))}
        ) from None


def _date(row: Row, key: str) -> dt.date:
    value = row.values.get(key)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return _day(row.get(key))
    except ValueError:
        raise DomainError(
            _("column %(column)s must be a date dd/mm/yyyy") % {"column": HEADERS.get(key, key)}
        ) from None


@functools.lru_cache(maxsize=1024)
def _day(text: str) -> dt.date:
    """A dd/mm/yyyy date: an export repeats a few periods over thousands of rows."""
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def _sum_of_parts(row: Row, total_key: str, parts: tuple[str, ...], what: Promise) -> int:
    """The total column, or the sum of its parts; both given must agree."""
    total = _int(row, total_key, None)
    given = [_int(row, k, None) for k in parts]
    if all(p is None for p in given):
        return total or 0
    added = sum(p or 0 for p in given)
    if total is not None and total != added:
        raise DomainError(
            _("%(what)s: the total %(total)s is not the sum of its parts (%(sum)s)")
            % {"what": what, "total": total, "sum": added}
        )
    return added


def figures_of(row: Row, problems: Problems | None = None) -> services.Figures:
    """The row's figures; every column that cannot be read is named (in `problems` when given, for
    the caller to add its own checks of the row, or else at once)."""
    p = problems or Problems()
    received = p.take(
        _sum_of_parts, row, "tiep_nhan", ("tiep_nhan_truc_tuyen", "tiep_nhan_truc_tiep"), _RECEIVED, default=0
    )
    resolved = p.take(
        _sum_of_parts, row, "da_giai_quyet", ("truoc_han", "dung_han", "qua_han"), _RESOLVED, default=0
    )
    on_time = p.take(_int, row, "dung_han_tong", None, default=0)
    if on_time is None:
        on_time = (p.take(_int, row, "truoc_han", default=0) or 0) + (
            p.take(_int, row, "dung_han", default=0) or 0
        )
    services_done: dict[str, int] = {}
    for key, level in SERVICE_COLUMNS.items():
        if (n := p.take(_int, row, key, None, default=None)) is not None:
            services_done[level] = n
    figures = services.Figures(
        start=p.take(_date, row, "tu_ngay", default=dt.date.min),
        end=p.take(_date, row, "den_ngay", default=dt.date.min),
        carried_over=p.take(_int, row, "ky_truoc", default=0) or 0,
        received=received,
        received_online=p.take(_int, row, "tiep_nhan_truc_tuyen", default=0) or 0,
        resolved=resolved,
        resolved_on_time=on_time,
        services=services_done,
    )
    if problems is None:
        p.raise_any()
    return figures


class Units:
    """The units a file's codes name — the departments of that code, and the communes and provinces
    with that code now or before 1 July 2025 — read once for the whole file, not once a row."""

    def __init__(self, by: Any, codes: Iterable[str]) -> None:
        self.by = by
        wanted = sorted(set(codes))
        self.departments: dict[str, list[Department]] = {}
        for i in range(0, len(wanted), 500):
            departments = Department.objects.filter(code__in=wanted[i : i + 500]).select_related("province")
            for department in departments:  # in the model's order: the first one managed is taken
                self.departments.setdefault(department.code, []).append(department)
        self.places = UnitsByCode(wanted)

    def place_ids(self) -> set[int]:
        """Where the units' figures are recorded (a department's at its province)."""
        found = {d.province_id for departments in self.departments.values() for d in departments}
        return found | self.places.ids()

    def unit(self, code: str, start: dt.date, end: dt.date) -> tuple[Place, Department | None]:
        """The department with `code` that the importer manages, or else the unit that had the code
        during the period, as places.queries.unit_during() finds it; refused when the importer does
        not manage it."""
        for department in self.departments.get(code, []):
            if can_manage(self.by, department.province):
                return department.province, department
        try:
            place = self.places.during(code, start, end)
        except NotFound:
            raise DomainError(_("unknown unit code “%(code)s”") % {"code": code[:40]}) from None
        if not can_manage(self.by, place):
            raise DomainError(_("you do not manage %(unit)s") % {"unit": place.name})
        return place, None


def _row(
    units: Units, book: services.FigureBook, row: Row, source: str, seen: set[tuple[Any, ...]]
) -> tuple[Figure, bool]:
    problems = Problems()
    figures = figures_of(row, problems)
    dated = dt.date.min not in (figures.start, figures.end)  # the unit is looked up for its period
    unit = (
        problems.take(units.unit, row.get("ma_don_vi"), figures.start, figures.end, default=None)
        if dated
        else None
    )
    problems.raise_any()
    assert unit is not None
    place, department = unit
    key = (place.pk, department.pk if department else None, figures.start, figures.end)
    if key in seen:
        raise DomainError(_("the same unit and period are already on an earlier line"))
    checked = book.check(by=units.by, place=place, department=department, figures=figures, source=source)
    seen.add(key)  # a good line only: a bad line skipped does not refuse a later one of its unit and period
    return checked


def import_figures(*, by: Any, file: IO[bytes], filename: str, skip_bad: bool = False) -> Imported:
    """Every row checked as figure_record() checks one unit's figures, in order (a row counts for the
    next: the same unit and period twice, a period crossing an earlier row's), then all written
    together in batches. Nothing is written when a row is bad; each bad row is reported by its line —
    unless `skip_bad`: then the good rows are written and the bad ones listed in `skipped`."""
    rows = read_checked(
        file, filename, ALIASES, required=REQUIRED, max_rows=MAX_ROWS, headers=HEADERS, known=HEADERS
    )
    source = filename.replace("\x00", "")[:255]
    units = Units(by, (row.get("ma_don_vi") for row in rows))
    book = services.FigureBook(services.stored_figures(units.place_ids()))
    seen: set[tuple[Any, ...]] = set()
    unread = unread_columns(rows, HEADERS)
    created, skipped = check_rows(
        rows, lambda row: _row(units, book, row, source, seen)[1], skip_bad=skip_bad, unread=unread
    )
    result = Imported(
        created=sum(created),
        updated=len(created) - sum(created),
        unread_columns=unread,
        skipped=skipped,
    )
    with transaction.atomic():
        book.save(by=by)
        audit(
            actor=by,
            action="adminreform.imported",
            object_type="adminreform.import",
            object_id=source[:100],
            after={"created": result.created, "updated": result.updated, "skipped": len(result.skipped)},
        )
    return result

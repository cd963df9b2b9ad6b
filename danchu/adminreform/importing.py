"""Import of the one-stop systems' exports (CSV or XLSX): one row per unit and period. The accepted
columns and their aliases are documented in docs/adminreform.md. Every bad row is reported with its
line number; nothing is imported when one is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import DomainError, NotFound
from danchu.places.importing.reading import Row, import_all_or_nothing, read_checked
from danchu.places.queries import unit_during

from . import services
from .models import Department, ServiceLevel
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


@dataclass
class Imported:
    created: int = 0
    updated: int = 0


def _int(row: Row, key: str, default: int | None = 0) -> int | None:
    text = row.get(key).replace(".", "").replace(",", "").replace(" ", "")
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise DomainError(
            _("column %(column)s must be a whole number, not “%(text)s”")
            % {"column": HEADERS.get(key, key), "text": text[:40]}
        ) from None


def _date(row: Row, key: str) -> dt.date:
    value = row.values.get(key)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(row.get(key), "%d/%m/%Y").date()
    except ValueError:
        raise DomainError(
            _("column %(column)s must be a date dd/mm/yyyy") % {"column": HEADERS.get(key, key)}
        ) from None


def _sum_of_parts(row: Row, total_key: str, parts: tuple[str, ...], what: str) -> int:
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


def figures_of(row: Row) -> services.Figures:
    received = _sum_of_parts(row, "tiep_nhan", ("tiep_nhan_truc_tuyen", "tiep_nhan_truc_tiep"), _("received"))
    resolved = _sum_of_parts(row, "da_giai_quyet", ("truoc_han", "dung_han", "qua_han"), _("resolved"))
    on_time = _int(row, "dung_han_tong", None)
    if on_time is None:
        on_time = (_int(row, "truoc_han") or 0) + (_int(row, "dung_han") or 0)
    return services.Figures(
        start=_date(row, "tu_ngay"),
        end=_date(row, "den_ngay"),
        carried_over=_int(row, "ky_truoc") or 0,
        received=received,
        received_online=_int(row, "tiep_nhan_truc_tuyen") or 0,
        resolved=resolved,
        resolved_on_time=on_time,
        services={
            level: n for key, level in SERVICE_COLUMNS.items() if (n := _int(row, key, None)) is not None
        },
    )


def _department(by: Any, code: str) -> Department | None:
    for department in Department.objects.filter(code=code).select_related("province"):
        if can_manage(by, department.province):
            return department
    return None


def _row(by: Any, row: Row, source: str, result: Imported, seen: set[tuple[Any, ...]]) -> None:
    figures = figures_of(row)
    code = row.get("ma_don_vi")
    department = _department(by, code)
    if department is not None:
        place = department.province
    else:
        try:
            place = unit_during(code, figures.start, figures.end)
        except NotFound:
            raise DomainError(_("unknown unit code “%(code)s”") % {"code": code[:40]}) from None
        if not can_manage(by, place):
            raise DomainError(_("you do not manage %(unit)s") % {"unit": place.name})
    key = (place.pk, department.pk if department else None, figures.start, figures.end)
    if key in seen:
        raise DomainError(_("the same unit and period are already on an earlier line"))
    seen.add(key)
    _f, created = services.figure_record(
        by=by, place=place, department=department, figures=figures, source=source
    )
    if created:
        result.created += 1
    else:
        result.updated += 1


def import_figures(*, by: Any, file: IO[bytes], filename: str) -> Imported:
    rows = read_checked(file, filename, ALIASES, required=REQUIRED, max_rows=MAX_ROWS, headers=HEADERS)
    source = filename.replace("\x00", "")[:255]
    result = Imported()
    seen: set[tuple[Any, ...]] = set()
    import_all_or_nothing(rows, lambda row: _row(by, row, source, result, seen))
    audit(
        actor=by,
        action="adminreform.imported",
        object_type="adminreform.import",
        object_id=source[:100],
        after={"created": result.created, "updated": result.updated},
    )
    return result

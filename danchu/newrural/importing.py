"""The XLSX (or CSV) import of a year's new-rural records by unit code, old or new. Columns
(docs/newrural.md): ma_don_vi, nam, so_tieu_chi_dat, muc_cong_nhan, so_quyet_dinh, ngay_quyet_dinh,
co_quan_ban_hanh. Every bad row is reported with its line number; nothing is imported when one is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import DomainError
from danchu.core.text import fold
from danchu.places.importing.reading import import_all_or_nothing, read_checked
from danchu.places.models import Level

from . import services
from .models import RuralLevel
from .permissions import can_assess, can_recognise
from .queries import unit_by_code

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


@dataclass
class Imported:
    assessments: int = 0
    recognitions: int = 0


def _int(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise DomainError(
            _("%(what)s must be a whole number, not “%(text)s”.") % {"what": what, "text": text[:40]}
        ) from None


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
    except ValueError:
        raise DomainError(_("the date must be dd/mm/yyyy")) from None


def _row(by: Any, row: Any, result: Imported) -> None:
    year = _int(row.get("nam"), _("The year"))
    services.check_year(year)
    unit = unit_by_code(row.get("ma_don_vi"), year=year)
    level_text = fold(row.get("muc_cong_nhan"))
    if level_text not in LEVEL_WORDS:
        raise DomainError(_("unknown level “%(text)s”") % {"text": row.get("muc_cong_nhan")[:40]})
    level = LEVEL_WORDS[level_text]
    met = row.get("so_tieu_chi_dat")
    if unit.level == Level.DISTRICT and (met or level not in ("", RuralLevel.DISTRICT)):
        raise DomainError(
            _("%(unit)s is a district-level unit: only its recognition is recorded.") % {"unit": unit.name}
        )
    if met:
        if not can_assess(by, unit):
            raise DomainError(_("you do not manage %(unit)s") % {"unit": unit.name})
        services.assessment_record(
            by=by, commune=unit, year=year, met_count=_int(met, _("The number of criteria met"))
        )
        result.assessments += 1
    if level:
        if not can_recognise(by, unit):
            raise DomainError(_("you do not recognise units in %(unit)s") % {"unit": unit.name})
        services.recognition_record(
            by=by,
            place=unit,
            level=level,
            recognised_on=_date(row.values.get("ngay_quyet_dinh")),
            decision_number=row.get("so_quyet_dinh"),
            issuer=row.get("co_quan_ban_hanh"),
        )
        result.recognitions += 1
    if not met and not level:
        raise DomainError(_("the row states neither criteria met nor a level recognised"))


def import_records(*, by: Any, file: IO[bytes], filename: str) -> Imported:
    rows = read_checked(file, filename, ALIASES, required=REQUIRED, max_rows=MAX_ROWS)
    result = Imported()
    import_all_or_nothing(rows, lambda row: _row(by, row, result))
    audit(
        actor=by,
        action="newrural.imported",
        object_type="newrural.import",
        object_id=filename[:100],
        after={"assessments": result.assessments, "recognitions": result.recognitions},
    )
    return result

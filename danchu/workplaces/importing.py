"""XLSX (or CSV) imports: the register of units, and their activities typed up from paper reports.

Both are all-or-nothing: every bad row is reported with its line number (the spreadsheet's row)
and nothing is imported from a file with an error. Rows are checked by the same rules as the use
cases of services.py and written together (bulk.py).

Units (header row): ma_don_vi, ten_don_vi, loai (agency / public_service / enterprise, or
"cơ quan", "đơn vị sự nghiệp", "doanh nghiệp"), so_huu (state / fdi / private / collective),
ma_dia_ban, so_lao_dong, thu_truong, chu_tich_cong_doan, phan_tan (có/không: the staff work in
dispersed places, so the unit may convene delegates whatever its size).

Activities: ma_don_vi, hoat_dong ("hội nghị" or "đối thoại"), ngay (dd/mm/yyyy), trieu_tap, co_mat
(conference delegates), nhan, giai_quyet (dialogue: issues received / resolved), ben_su_dung_ld,
ben_nguoi_ld (dialogue sides).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from danchu.core.errors import DomainError
from danchu.core.formats import cell_date, read_count, read_yes_no
from danchu.core.text import fold, quoted
from danchu.places.importing import samples
from danchu.places.importing.reading import Row, read_table, refuse_too_many
from danchu.places.models import Place

from . import bulk
from .checks import DialogueData, UnitData, _check_unit
from .models import Dialogue, Ownership, Unit, UnitType
from .permissions import can_manage, can_register

MAX_ROWS = 5000
T = TypeVar("T")


def _key(text: str) -> str:
    return fold(text).replace("_", " ").strip()


MAX_BYTES = 5 * 1024 * 1024

# The columns as the import page lists them (the header a commune types; English names are accepted too).
UNIT_HELP = (
    ("ma_don_vi", gettext_lazy("the unit's own code (required)")),
    ("ten_don_vi", gettext_lazy("the unit's name (required)")),
    ("loai", gettext_lazy("agency, public service unit or enterprise (required)")),
    ("so_huu", gettext_lazy("ownership: state, FDI, private or cooperative")),
    ("ma_dia_ban", gettext_lazy("code of the commune where it is (required)")),
    ("so_lao_dong", gettext_lazy("number of employees")),
    ("thu_truong", gettext_lazy("head of the unit")),
    ("chu_tich_cong_doan", gettext_lazy("chair of the trade union")),
    ("phan_tan", gettext_lazy("“có” if the staff work in dispersed places (empty: no)")),
)
ACTIVITY_HELP = (
    ("ma_don_vi", gettext_lazy("the unit's own code (required)")),
    ("hoat_dong", gettext_lazy("“hội nghị” (conference) or “đối thoại” (dialogue) (required)")),
    ("ngay", gettext_lazy("day held, dd/mm/yyyy (required)")),
    ("trieu_tap", gettext_lazy("people convened")),
    ("co_mat", gettext_lazy("people present")),
    ("nhan", gettext_lazy("proposals received")),
    ("giai_quyet", gettext_lazy("proposals resolved")),
    ("ben_su_dung_ld", gettext_lazy("employer's side (dialogues)")),
    ("ben_nguoi_ld", gettext_lazy("employees' side (dialogues)")),
)

# The sample workbooks' headers, as a commune writes them, and an example of each column (the guide
# sheet's, not a row: a sample uploaded unchanged must not register an example unit).
SAMPLE_HEADERS = {
    "ma_don_vi": ("Mã đơn vị", "DN-EK-01"),
    "ten_don_vi": ("Tên đơn vị", "Công ty TNHH Cà phê Ea Kly"),
    "loai": ("Loại", "doanh nghiệp"),
    "so_huu": ("Sở hữu", "tư nhân"),
    "ma_dia_ban": ("Mã địa bàn", "24496"),
    "so_lao_dong": ("Số lao động", "35"),
    "thu_truong": ("Thủ trưởng", "Nguyễn Văn An"),
    "chu_tich_cong_doan": ("Chủ tịch công đoàn", "Lê Thị Bình"),
    "phan_tan": ("Phân tán", "không"),
    "hoat_dong": ("Hoạt động", "hội nghị"),
    "ngay": ("Ngày", "15/01/2026"),
    "trieu_tap": ("Triệu tập", "35"),
    "co_mat": ("Có mặt", "32"),
    "nhan": ("Nhận", "4"),
    "giai_quyet": ("Giải quyết", "3"),
    "ben_su_dung_ld": ("Bên sử dụng LĐ", "3"),
    "ben_nguoi_ld": ("Bên người LĐ", "5"),
}
SAMPLES = {"units": UNIT_HELP, "activities": ACTIVITY_HELP}


def sample(what: str) -> bytes:
    """The sample workbook of the unit or activity import: its header in Vietnamese and a guide sheet
    with each column's meaning and an example."""
    notes = [(SAMPLE_HEADERS[key][0], help_text, SAMPLE_HEADERS[key][1]) for key, help_text in SAMPLES[what]]
    return samples.workbook(notes, widths=[14] * len(notes))


UNIT_COLUMNS = {
    "ma don vi": "code",
    "code": "code",
    "ten don vi": "name",
    "name": "name",
    "loai": "type",
    "type": "type",
    "so huu": "ownership",
    "ownership": "ownership",
    "ma dia ban": "place",
    "place_code": "place",
    "so lao dong": "employees",
    "employees": "employees",
    "thu truong": "head",
    "head": "head",
    "chu tich cong doan": "union",
    "union_chair": "union",
    "phan tan": "dispersed",
    "dispersed": "dispersed",
}
ACTIVITY_COLUMNS = {
    "ma don vi": "code",
    "code": "code",
    "hoat dong": "activity",
    "activity": "activity",
    "ngay": "date",
    "date": "date",
    "trieu tap": "convened",
    "convened": "convened",
    "co mat": "present",
    "present": "present",
    "nhan": "received",
    "received": "received",
    "giai quyet": "resolved",
    "resolved": "resolved",
    "ben su dung ld": "employer",
    "employer_side": "employer",
    "ben nguoi ld": "employee",
    "employee_side": "employee",
}
TYPES = {
    "agency": UnitType.AGENCY,
    "co quan": UnitType.AGENCY,
    "public_service": UnitType.PUBLIC_SERVICE,
    "don vi su nghiep": UnitType.PUBLIC_SERVICE,
    "enterprise": UnitType.ENTERPRISE,
    "doanh nghiep": UnitType.ENTERPRISE,
}
OWNERSHIPS = {
    "state": Ownership.STATE,
    "nha nuoc": Ownership.STATE,
    "fdi": Ownership.FDI,
    "von dau tu nuoc ngoai": Ownership.FDI,
    "private": Ownership.PRIVATE,
    "tu nhan": Ownership.PRIVATE,
    "ngoai nha nuoc": Ownership.PRIVATE,
    "collective": Ownership.COLLECTIVE,
    "hop tac xa": Ownership.COLLECTIVE,
    "tap the": Ownership.COLLECTIVE,  # kinh tế tập thể
    "": Ownership.NOT_APPLICABLE,
}


def _normalised(table: dict[str, Any]) -> dict[str, Any]:
    return {_key(k): v for k, v in table.items()}


UNIT_COLUMNS, ACTIVITY_COLUMNS = _normalised(UNIT_COLUMNS), _normalised(ACTIVITY_COLUMNS)
TYPES, OWNERSHIPS = _normalised(TYPES), _normalised(OWNERSHIPS)


@dataclass
class ImportResult:
    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    unread_columns: list[str] = field(default_factory=list)  # headers naming no column of the import


def _rows(
    data: bytes, filename: str, columns: dict[str, str], required: set[str]
) -> tuple[list[Row], list[str]]:
    """The file's rows by line, read as every import of the house reads (the first sheet of an XLSX,
    judged before it is unpacked; or a CSV in UTF-8 separated by commas, semicolons or tabs), and the
    headers that name none of `columns` as written."""
    if len(data) > MAX_BYTES:
        raise DomainError(_("The file is too large (at most 5 MB)."))
    name = filename if filename.lower().endswith((".csv", ".txt")) else "import.xlsx"
    rows = read_table(io.BytesIO(data), name, {})
    if not rows:
        raise DomainError(_("The file is empty."))
    header = {key: columns.get(key.replace("_", " "), "") for key in rows[0].values}
    missing = required - set(header.values())
    if missing:
        raise DomainError(_("The header row lacks the columns: %(c)s.") % {"c": ", ".join(sorted(missing))})
    refuse_too_many(rows, MAX_ROWS)
    # Each row's values under the import's own names (code, place, date…), as the checks read them.
    unread = [label for key, label in rows[0].labels.items() if key and not header.get(key)]
    return [
        Row(row.line, {header[k]: v for k, v in row.values.items() if header.get(k)}, row.unreadable)
        for row in rows
    ], unread


def _int(row: Row, key: str, label: str) -> int:
    if not row.get(key):
        return 0
    value = row.values.get(key)
    if (isinstance(value, int | float) and value < 0) or row.get(key).startswith("-"):
        raise DomainError(_("%(f)s cannot be negative") % {"f": label})
    try:
        return read_count(value)  # "1.200" is a thousand and two hundred; "12.5" is refused, never 125
    except ValueError:
        raise DomainError(
            _("%(f)s “%(v)s” is not a number") % {"f": label, "v": quoted(row.get(key))}
        ) from None


def _yes_no(row: Row, key: str, label: str) -> bool:
    try:
        return read_yes_no(row.values.get(key))
    except ValueError:
        raise DomainError(
            _("%(f)s “%(v)s” is not “có” or “không”") % {"f": label, "v": quoted(row.get(key))}
        ) from None


def _date(row: Row, key: str) -> dt.date:
    value = row.values.get(key)
    try:
        day = cell_date(value)
    except ValueError:
        day = None
    if day is None:
        raise DomainError(_("the date “%(d)s” is not dd/mm/yyyy") % {"d": quoted(row.get(key))})
    return day


def _run(
    read: tuple[list[Row], list[str]],
    check: Callable[[Row], T],
    conflicts: Callable[[list[tuple[int, T]]], list[tuple[int, str]]],
    write: Callable[[list[T]], object],
    skip_bad: bool = False,
) -> ImportResult:
    """Every row checked alone (its errors by line), then what the database says of the good ones
    (a code taken, a conference already recorded), then all of them written together — or nothing
    when any row is bad (bulk.py), unless `skip_bad`: then the good ones, the bad still in `errors`."""
    rows, unread = read
    result = ImportResult(unread_columns=unread)
    good: list[tuple[int, T]] = []
    for row in rows:
        try:
            row.readable()  # a NUL byte in a cell (places.importing.reading)
            good.append((row.line, check(row)))
        except DomainError as e:
            result.errors.append((row.line, e.message))
    with transaction.atomic():
        result.errors = sorted(result.errors + conflicts(good))
        bad = {line for line, _message in result.errors}
        keep = [record for line, record in good if line not in bad]
        if keep and (skip_bad or not result.errors):
            write(keep)
            result.imported = len(keep)
    return result


def import_units(
    *, actor: Any, data: bytes, filename: str = "units.xlsx", skip_bad: bool = False
) -> ImportResult:
    read = rows, _unread = _rows(data, filename, UNIT_COLUMNS, {"code", "name", "type", "place"})
    places = {p.code: p for p in Place.objects.filter(code__in={r.get("place") for r in rows})}

    def check(row: Row) -> UnitData:
        place = places.get(row.get("place"))
        if place is None:
            raise DomainError(_("unknown place code “%(c)s”") % {"c": row.get("place")})
        if not can_register(actor, place):
            raise DomainError(_("the place %(p)s is outside your unit") % {"p": place.name})
        kind = TYPES.get(_key(row.get("type")))
        if kind is None:
            raise DomainError(pgettext("unit import", "unknown type “%(t)s”") % {"t": row.get("type")})
        ownership = OWNERSHIPS.get(_key(row.get("ownership")))
        if ownership is None:
            raise DomainError(_("unknown ownership “%(o)s”") % {"o": row.get("ownership")})
        data = UnitData(
            code=row.get("code"),
            name=row.get("name"),
            unit_type=kind,
            place=place,
            ownership=ownership,
            employees=_int(row, "employees", _("employees")),
            head_name=row.get("head"),
            union_chair_name=row.get("union"),
            dispersed=_yes_no(row, "dispersed", pgettext("import column", "dispersed")),
        )
        _check_unit(data)
        return data

    return _run(read, check, bulk.units_conflicts, lambda datas: bulk.units_register(actor, datas), skip_bad)


def import_activities(
    *, actor: Any, data: bytes, filename: str = "activities.xlsx", skip_bad: bool = False
) -> ImportResult:
    read = rows, _unread = _rows(data, filename, ACTIVITY_COLUMNS, {"code", "activity", "date"})
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in={r.get("code") for r in rows}).select_related("body__place")
    }
    today = timezone.localdate()
    rules = bulk.Rules()

    def check(row: Row) -> bulk.Held | Dialogue:
        unit = units.get(row.get("code"))
        if unit is None or not can_manage(actor, unit):
            raise DomainError(_("unknown unit code “%(c)s”") % {"c": row.get("code")})
        day = _date(row, "date")
        if day > today:
            raise DomainError(_("the period %(d)s is in the future") % {"d": day.strftime("%d/%m/%Y")})
        activity = _key(row.get("activity"))
        if activity in ("hoi nghi", "conference"):
            return bulk.conference_held(
                actor,
                rules,
                unit,
                day=day,
                convened=_int(row, "convened", _("delegates convened")),
                present=_int(row, "present", _("delegates present")),
            )
        if activity in ("doi thoai", "dialogue"):
            received = _int(row, "received", _("issues received"))
            resolved = _int(row, "resolved", _("issues resolved"))
            if resolved > received:
                raise DomainError(
                    _("“resolved” (%(r)d) is greater than “received” (%(n)d)")
                    % {"r": resolved, "n": received}
                )
            return bulk.dialogue_checked(
                actor,
                rules,
                unit,
                DialogueData(
                    kind=Dialogue.Kind.PERIODIC,
                    held_on=day,
                    employer_side=_int(row, "employer", _("employer side")) or 3,
                    employee_side=_int(row, "employee", _("employee side")) or rules.side_min(unit.employees),
                    issues_received=received,
                    issues_resolved=resolved,
                ),
            )
        raise DomainError(_("unknown activity “%(a)s”") % {"a": row.get("activity")})

    return _run(
        read,
        check,
        bulk.activities_conflicts,
        lambda records: bulk.activities_record(actor, records),
        skip_bad,
    )
